namespace NasAssistant.Runtime.Config;

/// <summary>
/// Prometheus metric names the runtime exports. The operator's PrometheusRule and the chart's
/// dashboard query these names, so both sides take them from here.
/// </summary>
public static class RuntimeMetricNames
{
    /// <summary>Counter of HTTP requests, labels <c>route</c>, <c>method</c>, <c>status</c>.</summary>
    public const string HttpRequests = "nas_assistant_http_requests_total";

    /// <summary>Histogram of HTTP request duration in seconds, labels <c>route</c>, <c>method</c>, <c>status</c>.</summary>
    public const string HttpRequestDuration = "nas_assistant_http_request_duration_seconds";

    /// <summary>Gauge of API requests being handled now (drops to 0 once a SIGTERM drain completes).</summary>
    public const string HttpRequestsInFlight = "nas_assistant_http_requests_in_flight";

    /// <summary>Histogram of model execution time per batch in seconds, label <c>model</c>.</summary>
    public const string InferenceDuration = "nas_assistant_inference_duration_seconds";

    /// <summary>Histogram of requests per executed batch, label <c>model</c>.</summary>
    public const string BatchSize = "nas_assistant_batch_size";

    /// <summary>Gauge of requests waiting for a batch, label <c>model</c>.</summary>
    public const string QueueDepth = "nas_assistant_queue_depth";

    /// <summary>Counter of requests refused (queue full, client gone), labels <c>model</c>, <c>reason</c>.</summary>
    public const string RejectedRequests = "nas_assistant_rejected_requests_total";

    /// <summary>Gauge, 1 when the model is loaded and verified, else 0; label <c>model</c>.</summary>
    public const string ModelReady = "nas_assistant_model_ready";

    /// <summary>Gauge set to 1 for the loaded model, labels <c>model</c>, <c>sha256</c> (verified source), <c>quantization</c>, <c>quantized_sha256</c>, <c>provider</c>.</summary>
    public const string ModelInfo = "nas_assistant_model_info";

    /// <summary>Counter of quantized-model cache lookups at load, labels <c>model</c>, <c>result</c> (hit, miss, recreated).</summary>
    public const string QuantizationCache = "nas_assistant_quantization_cache_total";

    /// <summary>Gauge of the last model load duration in seconds, label <c>model</c>.</summary>
    public const string ModelLoadDuration = "nas_assistant_model_load_duration_seconds";

    /// <summary>Gauge of the CPU cores the container may use (cgroup limit, else the machine's cores).</summary>
    public const string CpuLimitCores = "nas_assistant_cpu_limit_cores";

    /// <summary>Gauge of the memory the container may use in bytes (cgroup limit, else the machine's memory).</summary>
    public const string MemoryLimitBytes = "nas_assistant_memory_limit_bytes";

    /// <summary>Gauge of conversations stored in the sessions folder (recounted periodically, so other replicas' writes show too).</summary>
    public const string ConversationsActive = "nas_assistant_conversations_active";

    /// <summary>Counter of conversation turns durably stored by this process.</summary>
    public const string ConversationTurnsStored = "nas_assistant_conversation_turns_stored_total";

    /// <summary>Gauge of bytes in the sessions folder's conversation files.</summary>
    public const string ConversationStoreBytes = "nas_assistant_conversation_store_bytes";

    /// <summary>Histogram of the time one fsync of a conversation file or folder takes, in seconds.</summary>
    public const string ConversationFsyncDuration = "nas_assistant_conversation_fsync_duration_seconds";

    /// <summary>Histogram of knowledge-base retrieval time (embedding the query and ranking) in seconds.</summary>
    public const string RetrievalDuration = "nas_assistant_retrieval_duration_seconds";

    /// <summary>Gauge of chunks in the knowledge-base index.</summary>
    public const string KnowledgeChunks = "nas_assistant_knowledge_chunks";

    /// <summary>Counter of chat completions answered, labels <c>model</c>, <c>mode</c> (retrieval, generative), <c>finish</c> (stop, length, cancelled, error).</summary>
    public const string ChatCompletions = "nas_assistant_chat_completions_total";

    /// <summary>Counter of tokens generated for chat replies, label <c>model</c>; its rate is the tokens per second served.</summary>
    public const string ChatCompletionTokens = "nas_assistant_chat_completion_tokens_total";

    /// <summary>Counter of chat prompt tokens, labels <c>model</c> and <c>cached</c> (true when the previous turn's key/value cache supplied them).</summary>
    public const string ChatPromptTokens = "nas_assistant_chat_prompt_tokens_total";

    /// <summary>Histogram of generation speed per reply in tokens per second, label <c>model</c>.</summary>
    public const string ChatTokensPerSecond = "nas_assistant_chat_tokens_per_second";

    /// <summary>Histogram of the time from request to the first reply text in seconds, label <c>model</c>.</summary>
    public const string ChatTimeToFirstToken = "nas_assistant_chat_time_to_first_token_seconds";

    /// <summary>Gauge of chat replies being produced now, label <c>model</c>.</summary>
    public const string ChatActiveReplies = "nas_assistant_chat_active_replies";

    /// <summary>Counter of chat requests answered from the store because their idempotency key was already answered, label <c>model</c>.</summary>
    public const string ChatReplays = "nas_assistant_chat_replays_total";

    /// <summary>Counter of messages the gateway received from a channel's allowed users, labels <c>channel</c>, <c>kind</c>.</summary>
    public const string GatewayMessagesReceived = "nas_assistant_gateway_messages_received_total";

    /// <summary>Counter of messages the gateway sent to a channel (each part of a split reply counts), labels <c>channel</c>, <c>kind</c>.</summary>
    public const string GatewayMessagesSent = "nas_assistant_gateway_messages_sent_total";

    /// <summary>Counter of the gateway's failures, labels <c>channel</c>, <c>kind</c>, <c>stage</c> (receive, assistant, send).</summary>
    public const string GatewayErrors = "nas_assistant_gateway_errors_total";

    /// <summary>Counter of polite refusals sent to strangers, labels <c>channel</c>, <c>kind</c>.</summary>
    public const string GatewayRefusals = "nas_assistant_gateway_refusals_total";

    /// <summary>Histogram of the time from a message's arrival to its reply's last part being sent, in seconds, labels <c>channel</c>, <c>kind</c>.</summary>
    public const string GatewayReplyDuration = "nas_assistant_gateway_reply_duration_seconds";

    /// <summary>Gauge, 1 while a channel is connected and working, labels <c>channel</c>, <c>kind</c>; the reason is in the gateway's <c>/status</c>.</summary>
    public const string GatewayChannelReady = "nas_assistant_gateway_channel_ready";

    /// <summary>Gauge, 1 while this gateway instance is the active one (holds the Lease or the file lock).</summary>
    public const string GatewayLeader = "nas_assistant_gateway_leader";

    /// <summary>Process CPU seconds (prometheus-net's default process collector).</summary>
    public const string ProcessCpuSeconds = "process_cpu_seconds_total";

    /// <summary>Process resident memory in bytes (exported by the runtime itself: prometheus-net calls it process_working_set_bytes).</summary>
    public const string ProcessResidentMemory = "process_resident_memory_bytes";
}
