using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Storage;

namespace NasAssistant.Benchmarks;

/// <summary>
/// The runtime's performance report: raw in-process ONNX Runtime throughput of the bundled model in
/// FP32 and INT8 at each batch size, the accuracy of INT8 against FP32, the server under 50
/// concurrent conversations over loopback HTTP at the same batch sizes (the ratio to raw is the
/// server's efficiency), chat turns with persistence, and peak memory. Bounded by time; 127.0.0.1 only.
/// </summary>
internal static class RuntimeBenchmark
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task RunAsync(RuntimeBenchmarkOptions options, TextWriter console)
    {
        var writer = new ReportWriter(console);
        void Line(string text = "") => writer.Line(text);

        var limits = ContainerLimits.Detect();
        var workers = options.Workers > 0 ? options.Workers : limits.WholeCores;
        var threads = options.Threads > 0 ? options.Threads : Math.Max(1, limits.WholeCores / workers);
        Line($"NAS Assistant runtime benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line($"bundled model all-MiniLM-L6-v2, {limits.CpuCores:0.##} CPU cores, {workers} batch workers of {threads} intra-op threads, "
            + $"{options.Concurrency} concurrent conversations, {options.Seconds} s per server phase, loopback HTTP");
        var optimization = GraphOptimizationPolicy.Choose(options.GraphOptimization, CpuFeatures.Current);
        Line($"graph optimization {optimization.Level.ToString().ToLowerInvariant()}{(optimization.Automatic ? " (auto)" : "")} on {CpuFeatures.Current.Describe()}");
        Line();

        var work = Directory.CreateTempSubdirectory("nas-assistant-benchmark-");
        try
        {
            var cache = Path.Combine(work.FullName, "models");
            var int8 = await new QuantizedModelCache(NullLogger<QuantizedModelCache>.Instance)
                .GetOrCreateAsync(BundledModel.ModelPath, BundledModel.Sha256, cache, CancellationToken.None);
            Line($"INT8 model: {new FileInfo(int8.Path).Length / 1e6:F1} MB (FP32 {new FileInfo(BundledModel.ModelPath).Length / 1e6:F1} MB), SHA-256 {int8.Sha256}");

            var precisions = new[] { ("FP32", BundledModel.ModelPath, QuantizationMode.None), ("INT8", int8.Path, QuantizationMode.Int8) };
            var single = new Dictionary<string, float[][]>();
            var batched = new Dictionary<string, float[][]>();
            foreach (var (name, path, _) in precisions)
            {
                using var embedder = OpenEmbedder(path, new SessionSettings(threads, optimization.Level));

                // One at a time, and in batches of the largest size as the server forms them (padded to the longest member).
                var sequences = AccuracySentences.All.Select(embedder.Embedder.Tokenizer.Encode).ToArray();
                single[name] = sequences.Select(q => embedder.Embedder.Embed([q])[0]).ToArray();
                batched[name] = sequences.Chunk(options.BatchSizes[^1]).SelectMany(embedder.Embedder.Embed).ToArray();
            }

            // Each server phase right after the raw model at the same precision and batch size, so the ratio
            // of the two is not skewed by whatever else the machine was doing minutes apart.
            using var memory = new MemorySampler();
            var raw = new Dictionary<(string, int), RawThroughput.Result>();
            var phases = new List<(string Precision, int Batch, LatencyReport Report)>();
            foreach (var (name, path, quantization) in precisions)
            {
                foreach (var batch in options.BatchSizes)
                {
                    using (var embedder = OpenEmbedder(path, new SessionSettings(threads, optimization.Level)))
                    {
                        raw[(name, batch)] = RawThroughput.Measure(embedder.Embedder, batch, workers, TimeSpan.FromSeconds(Math.Max(2, options.Seconds / 2.0)));
                    }

                    var config = ServerConfigFor(quantization, cache, batch, workers, threads, optimization.Level);
                    var report = await WithServerAsync(config, server => HttpLoad.MeasureAsync(
                        $"{name} batch {batch}", server, Base64EmbeddingRequest, options.Concurrency, TimeSpan.FromSeconds(options.Seconds)));
                    phases.Add((name, batch, report));
                    console.WriteLine(string.Create(Invariant,
                        $"  measured {report.Name}: raw {raw[(name, batch)].SentencesPerSecond:F1} sentences/s, server {report.Throughput:F1} req/s, p99 {report.P99:F1} ms"));
                }
            }

            // The same load asking for the vectors as JSON numbers, to show what formatting them costs.
            var largest = options.BatchSizes[^1];
            var floats = await WithServerAsync(
                ServerConfigFor(QuantizationMode.Int8, cache, largest, workers, threads, optimization.Level),
                server => HttpLoad.MeasureAsync($"INT8 batch {largest}, float", server, FloatEmbeddingRequest, options.Concurrency, TimeSpan.FromSeconds(options.Seconds)));

            Line();
            Line("raw in-process ONNX Runtime, sentences/s (per CPU-second)");
            Line($"{"batch",6} {"FP32",20} {"INT8",20} {"INT8/FP32",10}");
            foreach (var batch in options.BatchSizes)
            {
                var (fp32, q8) = (raw[("FP32", batch)], raw[("INT8", batch)]);
                Line(string.Create(Invariant,
                    $"{batch,6} {fp32.SentencesPerSecond,9:F1} ({fp32.SentencesPerCpuSecond,7:F1}) {q8.SentencesPerSecond,9:F1} ({q8.SentencesPerCpuSecond,7:F1}) {q8.SentencesPerSecond / fp32.SentencesPerSecond,9:F2}x"));
            }

            double[] Cosines(Dictionary<string, float[][]> v) =>
                v["FP32"].Zip(v["INT8"], (a, b) => (double)System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b)).ToArray();
            var cosines = Cosines(single);
            var batchedCosines = Cosines(batched);
            Line();
            Line(string.Create(Invariant, $"INT8 vs FP32 embeddings over {cosines.Length} fixed sentences, cosine (required >= 0.99):"));
            Line(string.Create(Invariant, $"  one at a time:      min {cosines.Min():F4}, mean {cosines.Average():F4}"));
            Line(string.Create(Invariant, $"  in batches of {options.BatchSizes[^1],2}:   min {batchedCosines.Min():F4}, mean {batchedCosines.Average():F4}"));
            Line();

            Line($"server, {options.Concurrency} concurrent conversations over HTTP (POST /v1/embeddings, one sentence each, "
                + "vectors as base64 as the OpenAI SDKs ask by default; the last row as JSON numbers)");
            Line($"{"phase",-21} {"delay ms",8} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"errors",7} {"raw same batch",15} {"efficiency",10} {"overhead us",12}");
            foreach (var (precision, batch, r) in phases.Append(("INT8", largest, floats)))
            {
                var ceiling = raw[(precision, batch)];

                // CPU per request beyond what the model itself costs per sentence at this batch size:
                // HTTP, JSON, tokenization, queueing and pooling, plus the load generator's own share.
                var overhead = ((r.CpuSeconds / r.Requests) - (1 / ceiling.SentencesPerCpuSecond)) * 1e6;
                Line(string.Create(Invariant,
                    $"{r.Name,-21} {DelayFor(batch),8} {r.Throughput,8:F1} {r.P50,8:F1} {r.P95,8:F1} {r.P99,8:F1} {r.Max,8:F1} {r.Errors,7} {ceiling.SentencesPerSecond,15:F1} {r.Throughput / ceiling.SentencesPerSecond,10:P0} {overhead,12:F0}"));
            }

            Line("(overhead us: CPU microseconds per request beyond the model's own CPU per sentence at that batch size)");

            var best = phases.MaxBy(p => p.Report.Throughput);
            var chatConfig = ServerConfigFor(best.Precision == "INT8" ? QuantizationMode.Int8 : QuantizationMode.None, cache, best.Batch, workers, threads, optimization.Level);
            chatConfig = chatConfig with
            {
                Conversations = new ConversationConfig { Directory = Path.Combine(work.FullName, "sessions") },
                Knowledge = new KnowledgeConfig { Directory = Corpus.CopyTo(Path.Combine(work.FullName, "knowledge")) },
            };
            var chatRequests = ChatRequests(options.Concurrency);
            var chat = await WithServerAsync(chatConfig, server => HttpLoad.MeasureAsync(
                "chat turns", server, (c, t) => chatRequests[c][t % HelpDeskQuestions.All.Length], options.Concurrency, TimeSpan.FromSeconds(options.Seconds)));
            Line();
            Line($"chat turns with persistence ({best.Precision} batch {best.Batch}): retrieval over the shipped corpus, each turn's question and cited answer fsynced before the reply");
            Line($"{"phase",-28} {"turns/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"errors",7}");
            foreach (var r in new[] { best.Report with { Name = $"embeddings only ({best.Precision} b{best.Batch})" }, chat })
            {
                Line(string.Create(Invariant, $"{r.Name,-28} {r.Throughput,8:F1} {r.P50,8:F1} {r.P95,8:F1} {r.P99,8:F1} {r.Max,8:F1} {r.Errors,7}"));
            }

            // Each precision's runtime in its own process, as a pod runs it, under the same load at the default batch size.
            var memoryBatch = options.BatchSizes.Contains(8) ? 8 : largest;
            var processes = new Dictionary<string, RuntimeProcessMemory.Result>();
            foreach (var (name, _, quantization) in precisions)
            {
                processes[name] = await RuntimeProcessMemory.MeasureAsync(
                    ServerConfigFor(quantization, cache, memoryBatch, workers, threads, optimization.Level), $"{name} process", Base64EmbeddingRequest, options.Concurrency, TimeSpan.FromSeconds(options.Seconds));
            }

            var sizes = new Dictionary<string, long> { ["FP32"] = new FileInfo(BundledModel.ModelPath).Length, ["INT8"] = new FileInfo(int8.Path).Length };
            Line();
            Line($"runtime process memory: one process per precision, as in a pod (batch {memoryBatch}, {options.Concurrency} concurrent conversations)");
            Line($"{"precision",-10} {"model MB",9} {"idle RSS MiB",13} {"peak RSS MiB under load",24} {"req/s",8} {"p99 ms",8}");
            foreach (var (name, result) in processes)
            {
                Line(string.Create(Invariant,
                    $"{name,-10} {sizes[name] / 1e6,9:F1} {result.IdleBytes / 1048576.0,13:F0} {result.PeakBytes / 1048576.0,24:F0} {result.Load.Throughput,8:F1} {result.Load.P99,8:F1}"));
            }

            var int8Best = phases.Where(p => p.Precision == "INT8").MaxBy(p => p.Report.Throughput);
            var int8One = phases.Single(p => p.Precision == "INT8" && p.Batch == options.BatchSizes[0]);
            var fp32Best = phases.Where(p => p.Precision == "FP32").MaxBy(p => p.Report.Throughput);
            var rawBatch = options.BatchSizes[^1];
            Line();
            Line("targets");
            Line(string.Create(Invariant, $"  INT8 / FP32 throughput, raw batch {rawBatch}:      {raw[("INT8", rawBatch)].SentencesPerSecond / raw[("FP32", rawBatch)].SentencesPerSecond:F2}x (>= 1.5x)"));
            Line(string.Create(Invariant, $"  INT8 / FP32 throughput, server best:      {int8Best.Report.Throughput / fp32Best.Report.Throughput:F2}x (>= 1.5x)"));
            Line(string.Create(Invariant, $"  batching: INT8 batch {int8Best.Batch} / batch {int8One.Batch} at {options.Concurrency} concurrent: {int8Best.Report.Throughput / int8One.Report.Throughput:F2}x (>= 1.5x)"));
            Line(string.Create(Invariant, $"  p99 at {options.Concurrency} concurrent ({best.Report.Name}): {best.Report.P99:F1} ms (< 200 ms, target < 100 ms)"));
            Line(string.Create(Invariant, $"  server / raw throughput ({best.Report.Name}): {best.Report.Throughput / raw[(best.Precision, best.Batch)].SentencesPerSecond:P0} (>= 90%)"));
            Line(string.Create(Invariant, $"  INT8 cosine to FP32, minimum: {cosines.Min():F4} one at a time, {batchedCosines.Min():F4} in batches of {options.BatchSizes[^1]} (>= 0.99)"));
            Line(string.Create(Invariant, $"  INT8 model size: {sizes["INT8"] / 1e6:F1} MB (<= 30 MB; FP32 {sizes["FP32"] / 1e6:F1} MB)"));
            Line(string.Create(Invariant, $"  runtime process RSS, INT8 vs FP32: idle {processes["INT8"].IdleBytes / 1048576.0:F0} vs {processes["FP32"].IdleBytes / 1048576.0:F0} MiB, "
                + $"under load {processes["INT8"].PeakBytes / 1048576.0:F0} vs {processes["FP32"].PeakBytes / 1048576.0:F0} MiB"));
            Line(string.Create(Invariant, $"  peak RSS while measuring: {memory.PeakBytes / 1048576.0:F0} MiB (< 1024 MiB; one process: server and load generator)"));
        }
        finally
        {
            work.Delete(recursive: true);
        }

        await writer.SaveAsync(options.ReportPath);
    }

    /// <summary>Longest wait for a fuller batch at each size: long enough to fill it under load, short beside the model time.</summary>
    public static int DelayFor(int batch) => batch switch
    {
        1 => 0,
        2 => 1,
        4 => 2,
        8 => 4,
        _ => 5,
    };

    private static OpenedEmbedder OpenEmbedder(string path, SessionSettings settings)
    {
        var model = OnnxModel.Open(path, settings);
        return new OpenedEmbedder(model, new SentenceEmbedder(model, WordPieceTokenizer.Load(BundledModel.VocabularyPath, 256)));
    }

    private sealed record OpenedEmbedder(OnnxModel Model, SentenceEmbedder Embedder) : IDisposable
    {
        public void Dispose() => Model.Dispose();
    }

    // A server on free loopback ports batching up to batch requests (waiting DelayFor(batch)) on workers threads of threads each.
    private static RuntimeConfig ServerConfigFor(
        QuantizationMode quantization, string cache, int batch, int workers, int threads, GraphOptimization optimization) => new()
    {
        Server = new ServerConfig { BindAddress = "127.0.0.1", Port = 0, MetricsPort = 0 },
        Batching = new BatchingConfig { MaxBatchSize = batch, MaxBatchDelayMilliseconds = DelayFor(batch), MaxQueueLength = 1024, Workers = workers },
        Model = new ModelConfig { Threads = threads, Quantization = quantization, CacheDirectory = cache, GraphOptimization = optimization },
    };

    /// <summary>Runs <paramref name="measure"/> against a runtime in this process on <paramref name="config"/>, once its model and knowledge are ready.</summary>
    public static async Task<T> WithServerAsync<T>(RuntimeConfig config, Func<Uri, Task<T>> measure)
    {
        await using var server = RuntimeServer.Create(config, new RuntimeServerOptions { HandleSignals = false, ConsoleLogging = false });
        await server.StartAsync();
        await server.ModelHost.Loaded;
        if (server.ModelHost.Model is null)
        {
            throw new InvalidOperationException($"model not ready: {server.ModelHost.Failure}");
        }

        if (server.Knowledge is { } knowledge)
        {
            await knowledge.InitialSync;
        }

        return await measure(new Uri($"http://127.0.0.1:{server.ApiPort}"));
    }

    private static readonly byte[][] Base64EmbeddingRequests = EmbeddingRequests("base64");
    private static readonly byte[][] FloatEmbeddingRequests = EmbeddingRequests("float");

    private static byte[][] EmbeddingRequests(string encoding) => Conversations.Messages
        .Select(m => LeanHttpConnection.Request("/v1/embeddings",
            Encoding.UTF8.GetBytes($"{{\"model\":\"{RuntimeDefaults.ModelName}\",\"input\":\"{m}\",\"encoding_format\":\"{encoding}\"}}")))
        .ToArray();

    private static byte[] Base64EmbeddingRequest(int conversation, int turn) => Base64EmbeddingRequests[(conversation + turn) % Base64EmbeddingRequests.Length];

    private static byte[] FloatEmbeddingRequest(int conversation, int turn) => FloatEmbeddingRequests[(conversation + turn) % FloatEmbeddingRequests.Length];

    // One conversation id per simulated client, fresh for each run; each turn asks the next help-desk question.
    private static byte[][][] ChatRequests(int conversations)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return Enumerable.Range(0, conversations).Select(c => HelpDeskQuestions.All.Select((_, q) => LeanHttpConnection.Request("/v1/chat/completions",
            Encoding.UTF8.GetBytes($"{{\"model\":\"{RuntimeDefaults.ModelName}\",\"conversation_id\":\"bench-{run}-{c}\","
                + $"\"messages\":[{{\"role\":\"user\",\"content\":\"{HelpDeskQuestions.All[(c + q) % HelpDeskQuestions.All.Length]}\"}}]}}"))).ToArray()).ToArray();
    }
}
