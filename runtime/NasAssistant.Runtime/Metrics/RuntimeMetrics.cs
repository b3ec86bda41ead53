using NasAssistant.Runtime.Config;
using Prometheus;

namespace NasAssistant.Runtime.Metrics;

/// <summary>
/// The runtime's Prometheus metrics, registered under the names the operator's PrometheusRule
/// queries (<see cref="RuntimeMetricNames"/>). prometheus-net's process metrics stay on beside them.
/// </summary>
internal static class RuntimeMetrics
{
    // Latency buckets from 1 ms to 10 s: the alert threshold (p99 200 ms) falls between buckets.
    private static readonly double[] LatencyBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10];

    /// <summary>HTTP requests by route, method and status.</summary>
    public static readonly Counter HttpRequests = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.HttpRequests, "HTTP requests handled.", "route", "method", "status");

    /// <summary>HTTP request duration by route, method and status.</summary>
    public static readonly Histogram HttpRequestDuration = Prometheus.Metrics.CreateHistogram(
        RuntimeMetricNames.HttpRequestDuration,
        "HTTP request duration in seconds.",
        new HistogramConfiguration { LabelNames = ["route", "method", "status"], Buckets = LatencyBuckets });

    /// <summary>API requests being handled now.</summary>
    public static readonly Gauge HttpRequestsInFlight = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.HttpRequestsInFlight, "API requests being handled now.");

    /// <summary>Model execution time per batch.</summary>
    public static readonly Histogram InferenceDuration = Prometheus.Metrics.CreateHistogram(
        RuntimeMetricNames.InferenceDuration,
        "Model execution time per batch in seconds.",
        new HistogramConfiguration { LabelNames = ["model"], Buckets = LatencyBuckets });

    /// <summary>Requests per executed batch.</summary>
    public static readonly Histogram BatchSize = Prometheus.Metrics.CreateHistogram(
        RuntimeMetricNames.BatchSize,
        "Requests per executed batch.",
        new HistogramConfiguration { LabelNames = ["model"], Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    /// <summary>Requests waiting for a batch.</summary>
    public static readonly Gauge QueueDepth = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.QueueDepth, "Requests waiting for a batch.", "model");

    /// <summary>Requests refused or dropped.</summary>
    public static readonly Counter RejectedRequests = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.RejectedRequests, "Requests refused (queue full) or dropped (client gone).", "model", "reason");

    /// <summary>1 when the model is loaded and verified.</summary>
    public static readonly Gauge ModelReady = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.ModelReady, "1 when the model is loaded and verified, else 0.", "model");

    /// <summary>Duration of the last model load.</summary>
    public static readonly Gauge ModelLoadDuration = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.ModelLoadDuration, "Duration of the last model load in seconds.", "model");

    /// <summary>CPU cores the container may use.</summary>
    public static readonly Gauge CpuLimitCores = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.CpuLimitCores, "CPU cores the container may use (cgroup limit, else the machine's cores).");

    /// <summary>
    /// Resident memory of the process. prometheus-net's process collector names it
    /// <c>process_working_set_bytes</c>; the operator's alerts use the Prometheus client convention.
    /// </summary>
    public static readonly Gauge ProcessResidentMemory = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.ProcessResidentMemory, "Resident memory size in bytes.");

    /// <summary>Memory the container may use.</summary>
    public static readonly Gauge MemoryLimitBytes = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.MemoryLimitBytes, "Memory the container may use in bytes (cgroup limit, else the machine's memory).");

    /// <summary>Conversations stored in the sessions folder.</summary>
    public static readonly Gauge ConversationsActive = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.ConversationsActive, "Conversations stored in the sessions folder.");

    /// <summary>Turns durably stored by this process.</summary>
    public static readonly Counter ConversationTurnsStored = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.ConversationTurnsStored, "Conversation turns durably stored.");

    /// <summary>Bytes in the conversation files.</summary>
    public static readonly Gauge ConversationStoreBytes = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.ConversationStoreBytes, "Bytes in the sessions folder's conversation files.");

    /// <summary>Duration of one fsync of a conversation file or the sessions folder.</summary>
    public static readonly Histogram ConversationFsyncDuration = Prometheus.Metrics.CreateHistogram(
        RuntimeMetricNames.ConversationFsyncDuration,
        "Duration of one fsync of a conversation file or the sessions folder in seconds.",
        new HistogramConfiguration { Buckets = [.. RuntimeMetricBuckets.ConversationFsyncSeconds] });

    /// <summary>Knowledge-base retrieval time: embedding the query and ranking the chunks.</summary>
    public static readonly Histogram RetrievalDuration = Prometheus.Metrics.CreateHistogram(
        RuntimeMetricNames.RetrievalDuration,
        "Knowledge-base retrieval time (query embedding and ranking) in seconds.",
        new HistogramConfiguration { Buckets = LatencyBuckets });

    /// <summary>Chunks in the knowledge-base index.</summary>
    public static readonly Gauge KnowledgeChunks = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.KnowledgeChunks, "Chunks in the knowledge-base index.");

    /// <summary>The loaded model's identity: digests, quantization, execution provider and graph optimization.</summary>
    public static readonly Gauge ModelInfo = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.ModelInfo,
        "The loaded model: verified source digest, quantization, quantized digest, execution provider and the graph optimization its sessions were opened with.",
        "model", "sha256", "quantization", "quantized_sha256", "provider", "graph_optimization");

    /// <summary>Quantized-model cache lookups at load.</summary>
    public static readonly Counter QuantizationCache = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.QuantizationCache, "Quantized-model cache lookups at load: hit, miss (quantized now) or recreated (a damaged entry replaced).",
        "model", "result");

    /// <summary>Chat completions answered.</summary>
    public static readonly Counter ChatCompletions = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.ChatCompletions, "Chat completions answered.", "model", "mode", "finish");

    /// <summary>Tokens generated for chat replies.</summary>
    public static readonly Counter ChatCompletionTokens = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.ChatCompletionTokens, "Tokens generated for chat replies.", "model");

    /// <summary>Chat prompt tokens, computed or taken from the key/value cache.</summary>
    public static readonly Counter ChatPromptTokens = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.ChatPromptTokens, "Chat prompt tokens; cached=true when the previous turn's key/value cache supplied them.", "model", "cached");

    /// <summary>Generation speed per reply.</summary>
    public static readonly Histogram ChatTokensPerSecond = Prometheus.Metrics.CreateHistogram(
        RuntimeMetricNames.ChatTokensPerSecond,
        "Generation speed per chat reply in tokens per second.",
        new HistogramConfiguration { LabelNames = ["model"], Buckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] });

    /// <summary>Time to the first reply text.</summary>
    public static readonly Histogram ChatTimeToFirstToken = Prometheus.Metrics.CreateHistogram(
        RuntimeMetricNames.ChatTimeToFirstToken,
        "Time from chat request to the first reply text in seconds.",
        new HistogramConfiguration { LabelNames = ["model"], Buckets = LatencyBuckets });

    /// <summary>Chat replies being produced now.</summary>
    public static readonly Gauge ChatActiveReplies = Prometheus.Metrics.CreateGauge(
        RuntimeMetricNames.ChatActiveReplies, "Chat replies being produced now.", "model");

    /// <summary>Chat requests answered from the store for a repeated idempotency key.</summary>
    public static readonly Counter ChatReplays = Prometheus.Metrics.CreateCounter(
        RuntimeMetricNames.ChatReplays, "Chat requests answered from the store because their idempotency key was already answered.", "model");

    private static int _collectorRegistered;

    /// <summary>Refreshes values that are read at scrape time (once per process).</summary>
    public static void RegisterScrapeCallbacks()
    {
        if (Interlocked.Exchange(ref _collectorRegistered, 1) == 0)
        {
            Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(() => ProcessResidentMemory.Set(Environment.WorkingSet));
        }
    }
}
