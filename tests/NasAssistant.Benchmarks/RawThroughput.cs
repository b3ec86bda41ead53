using System.Diagnostics;
using NasAssistant.Runtime.Inference;

namespace NasAssistant.Benchmarks;

/// <summary>The model called directly in this process, without HTTP or queues: the ceiling the server is compared with.</summary>
internal static class RawThroughput
{
    public sealed record Result(int BatchSize, double SentencesPerSecond, double SentencesPerCpuSecond);

    public static IReadOnlyList<Result> Measure(SentenceEmbedder embedder, IReadOnlyList<int> batchSizes, TimeSpan duration)
    {
        var sequences = Conversations.Messages.Select(embedder.Tokenizer.Encode).ToArray();
        var results = new List<Result>();
        foreach (var batch in batchSizes)
        {
            var inputs = Enumerable.Range(0, batch).Select(i => sequences[i % sequences.Length]).ToArray();
            embedder.Embed(inputs);
            var cpu = Cpu.Seconds();
            var stopwatch = Stopwatch.StartNew();
            var sentences = 0;
            while (stopwatch.Elapsed < duration)
            {
                embedder.Embed(inputs);
                sentences += batch;
            }

            results.Add(new Result(batch, sentences / stopwatch.Elapsed.TotalSeconds, sentences / (Cpu.Seconds() - cpu)));
        }

        return results;
    }
}
