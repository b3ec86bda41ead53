using System.Diagnostics;
using NasAssistant.Runtime.Inference;

namespace NasAssistant.Benchmarks;

/// <summary>The model called directly in this process, without HTTP or queues: the ceiling the server is compared with.</summary>
internal static class RawThroughput
{
    public sealed record Result(double SentencesPerSecond, double SentencesPerCpuSecond);

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Sentences per second at one batch size with <paramref name="workers"/> threads calling the model at once, as the
    /// server's batch workers do, each cycling through every message as the server's clients send them.
    /// </summary>
    public static Result Measure(SentenceEmbedder embedder, int batch, int workers, TimeSpan duration)
    {
        // Batches of consecutive messages, so the padded lengths match the server's batches.
        var sequences = Conversations.Messages.Select(embedder.Tokenizer.Encode).ToArray();
        var batches = Enumerable.Range(0, sequences.Length)
            .Select(k => Enumerable.Range(0, batch).Select(i => sequences[((k * batch) + i) % sequences.Length]).ToArray())
            .ToArray();
        RunAll(embedder, batches, workers, Warmup);
        var cpu = Cpu.Seconds();
        var stopwatch = Stopwatch.StartNew();
        var sentences = RunAll(embedder, batches, workers, duration);
        return new Result(sentences / stopwatch.Elapsed.TotalSeconds, sentences / (Cpu.Seconds() - cpu));
    }

    private static int RunAll(SentenceEmbedder embedder, int[][][] batches, int workers, TimeSpan duration)
    {
        var counts = new int[workers];
        var threads = Enumerable.Range(0, workers)
            .Select(w => new Thread(() => counts[w] = RunFor(embedder, batches, w * batches.Length / workers, duration)))
            .ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return counts.Sum();
    }

    private static int RunFor(SentenceEmbedder embedder, int[][][] batches, int first, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        var sentences = 0;
        for (var k = first; stopwatch.Elapsed < duration; k = (k + 1) % batches.Length)
        {
            embedder.Embed(batches[k]);
            sentences += batches[k].Length;
        }

        return sentences;
    }
}
