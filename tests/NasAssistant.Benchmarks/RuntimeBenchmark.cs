using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Models;

namespace NasAssistant.Benchmarks;

/// <summary>
/// The runtime under 50 concurrent conversations over loopback HTTP, beside the raw in-process ONNX
/// Runtime throughput of the same model, with dynamic batching on and off. Everything is bounded
/// by time and runs against 127.0.0.1 only.
/// </summary>
internal static class RuntimeBenchmark
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task RunAsync(int concurrency, TimeSpan duration, int threads, int maxBatch, TextWriter output)
    {
        var limits = ContainerLimits.Detect();
        output.WriteLine($"NAS Assistant runtime benchmark: bundled model (all-MiniLM-L6-v2), {limits.CpuCores:0.##} CPU cores, "
            + $"{concurrency} concurrent conversations, {duration.TotalSeconds:0} s per phase, loopback HTTP");
        output.WriteLine();

        var raw = MeasureRaw(threads > 0 ? threads : limits.WholeCores, maxBatch, duration, output);
        var best = raw.Max(r => r.SentencesPerSecond);
        output.WriteLine();

        var batched = await MeasureServerAsync($"batching on (maxBatchSize {maxBatch}, 5 ms)", new BatchingConfig { MaxBatchSize = maxBatch, MaxBatchDelayMilliseconds = 5, MaxQueueLength = 1024 }, threads, concurrency, duration);
        var unbatched = await MeasureServerAsync("batching off (maxBatchSize 1)", new BatchingConfig { MaxBatchSize = 1, MaxBatchDelayMilliseconds = 0, MaxQueueLength = 1024 }, threads, concurrency, duration);

        output.WriteLine($"{"server phase",-40} {"requests",9} {"errors",7} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"req/CPU-s",10}");
        foreach (var r in new[] { batched, unbatched })
        {
            output.WriteLine(string.Create(Invariant,
                $"{r.Name,-40} {r.Requests,9} {r.Errors,7} {r.Throughput,8:F1} {r.P50,8:F1} {r.P95,8:F1} {r.P99,8:F1} {r.Max,8:F1} {r.PerCpuSecond,10:F1}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"server (batching on) / best raw ONNX Runtime throughput: {batched.Throughput / best:P0}"));
        output.WriteLine(string.Create(Invariant, $"same, per CPU-second (load generator included):         {batched.PerCpuSecond / raw.Max(r => r.SentencesPerCpuSecond):P0}"));
        output.WriteLine(string.Create(Invariant, $"batching on / batching off throughput:                  {batched.Throughput / unbatched.Throughput:F2}x"));
        output.WriteLine("(per-CPU-second figures stay comparable when other processes share the cores; wall-clock ones do not)");
        output.WriteLine(string.Create(Invariant, $"p99 with batching on: {batched.P99:F1} ms (required < 200 ms, target < 100 ms)"));
    }

    private static List<RawResult> MeasureRaw(int threads, int maxBatch, TimeSpan duration, TextWriter output)
    {
        using var model = OnnxModel.Open(BundledModel.ModelPath, threads);
        var embedder = new SentenceEmbedder(model, WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256));
        var sequences = Conversations.Messages.Select(embedder.Tokenizer.Encode).ToArray();
        output.WriteLine(string.Create(Invariant,
            $"raw in-process ONNX Runtime ({threads} intra-op threads), {sequences.Average(s => s.Length):F1} tokens per message on average"));
        var results = new List<RawResult>();
        foreach (var batch in new[] { 1, 8, maxBatch }.Distinct())
        {
            var inputs = Enumerable.Range(0, batch).Select(i => sequences[i % sequences.Length]).ToArray();
            embedder.Embed(inputs);
            var cpu = CpuSeconds();
            var stopwatch = Stopwatch.StartNew();
            var sentences = 0;
            while (stopwatch.Elapsed < duration / 3)
            {
                embedder.Embed(inputs);
                sentences += batch;
            }

            var result = new RawResult(batch, sentences / stopwatch.Elapsed.TotalSeconds, sentences / (CpuSeconds() - cpu));
            results.Add(result);
            output.WriteLine(string.Create(Invariant,
                $"  batch {batch,3}: {result.SentencesPerSecond,8:F1} sentences/s  ({result.SentencesPerCpuSecond,6:F1} per CPU-second)"));
        }

        return results;
    }

    private static async Task<LatencyReport> MeasureServerAsync(string name, BatchingConfig batching, int threads, int concurrency, TimeSpan duration)
    {
        var config = new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = "127.0.0.1", Port = 0, MetricsPort = 0 },
            Batching = batching,
            Model = new ModelConfig { Threads = threads },
        };
        await using var server = RuntimeServer.Create(config, new RuntimeServerOptions { HandleSignals = false, ConsoleLogging = false });
        await server.StartAsync();
        await server.ModelHost.Loaded;
        if (server.ModelHost.Model is null)
        {
            throw new InvalidOperationException($"model not ready: {server.ModelHost.Failure}");
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{server.ApiPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var bodies = Conversations.Messages
            .Select(m => Encoding.UTF8.GetBytes($"{{\"model\":\"{RuntimeDefaults.ModelName}\",\"input\":\"{m}\"}}"))
            .ToArray();

        // Warm-up: connections opened and the JIT done before anything is measured.
        await RunLoadAsync(http, bodies, concurrency, TimeSpan.FromSeconds(2));
        var cpu = CpuSeconds();
        var stopwatch = Stopwatch.StartNew();
        var (latencies, errors) = await RunLoadAsync(http, bodies, concurrency, duration);
        return LatencyReport.From(name, latencies, errors, stopwatch.Elapsed.TotalSeconds, CpuSeconds() - cpu);
    }

    private static async Task<(List<double> Latencies, int Errors)> RunLoadAsync(HttpClient http, byte[][] bodies, int concurrency, TimeSpan duration)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var errors = 0;
        var perConversation = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async conversation =>
        {
            var latencies = new List<double>();
            var turn = conversation;
            while (Stopwatch.GetTimestamp() < end)
            {
                using var content = new ByteArrayContent(bodies[turn++ % bodies.Length]);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(new Uri("/v1/embeddings", UriKind.Relative), content);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return latencies;
        }));
        return (perConversation.SelectMany(l => l).ToList(), errors);
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private sealed record RawResult(int BatchSize, double SentencesPerSecond, double SentencesPerCpuSecond);
}
