namespace NasAssistant.Runtime.Config;

/// <summary>Checks values that parse but cannot work, naming each key by its YAML path.</summary>
public static class RuntimeConfigValidator
{
    /// <summary>Why a chat model is never quantized by the runtime, and what to do instead.</summary>
    public const string ChatModelsAdvice =
        "a chat model is quantized when it is exported (ONNX Runtime GenAI's model builder writes int4 and int8 models)";

    /// <summary>Returns every problem found, empty when the configuration is usable.</summary>
    public static IReadOnlyList<string> Validate(RuntimeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                errors.Add($"{key}: {message}");
            }
        }

        var server = config.Server;
        Check(server.Port is > 0 and < 65536, "server.port", "must be between 1 and 65535");
        Check(server.MetricsPort is > 0 and < 65536, "server.metricsPort", "must be between 1 and 65535");
        Check(server.MetricsPort != server.Port, "server.metricsPort", "must differ from server.port");
        Check(string.IsNullOrEmpty(server.BindAddress) || System.Net.IPAddress.TryParse(server.BindAddress, out _),
            "server.bindAddress", "must be an IP address such as 127.0.0.1 or ::");
        Check(server.MaxRequestBodyBytes > 0, "server.maxRequestBodyBytes", "must be positive");
        Check(server.DrainTimeoutSeconds >= 0, "server.drainTimeoutSeconds", "must not be negative");
        if (server.Tls.Enabled)
        {
            Check(!string.IsNullOrEmpty(server.Tls.CertificateFile), "server.tls.certificateFile", "is required when TLS is enabled");
            Check(!string.IsNullOrEmpty(server.Tls.KeyFile), "server.tls.keyFile", "is required when TLS is enabled");
        }

        var model = config.Model;
        Check(!string.IsNullOrWhiteSpace(model.Name), "model.name", "must not be empty");
        Check(model.Sha256 is null || IsSha256(model.Sha256), "model.sha256", "must be 64 lowercase hex characters");
        Check(model.Threads >= 0, "model.threads", "must not be negative");
        Check(model.Task != ModelTask.Generic || !string.IsNullOrEmpty(model.Path),
            "model.path", "is required for task generic (the bundled model is an embedding model)");
        Check(model.Task != ModelTask.Chat || model.Quantization == QuantizationMode.None, "model.quantization",
            $"int8 applies to embedding and generic models; {ChatModelsAdvice}");

        var batching = config.Batching;
        Check(batching.MaxBatchSize is >= 1 and <= 256, "batching.maxBatchSize", "must be between 1 and 256");
        Check(batching.MaxBatchDelayMilliseconds is >= 0 and <= 1000, "batching.maxBatchDelayMilliseconds", "must be between 0 and 1000");
        Check(batching.MaxQueueLength >= 1, "batching.maxQueueLength", "must be at least 1");
        Check(batching.Workers is >= 0 and <= 64, "batching.workers", "must be between 0 and 64 (0: one per core)");

        var conversations = config.Conversations;
        Check(!string.IsNullOrWhiteSpace(conversations.Directory), "conversations.directory", "must not be empty");
        Check(conversations.RetentionDays >= 0, "conversations.retentionDays", "must not be negative (0 keeps conversations forever)");
        Check(conversations.MaxConversationBytes is null or >= 1024, "conversations.maxConversationBytes", "must be at least 1024");

        if (config.Knowledge is { } knowledge)
        {
            Check(knowledge.Directory is null || !string.IsNullOrWhiteSpace(knowledge.Directory), "knowledge.directory", "must not be blank (leave it out to turn the knowledge base off)");
            Check(knowledge.ChunkCharacters is >= 100 and <= 4000, "knowledge.chunkCharacters", "must be between 100 and 4000");
            Check(knowledge.ChunkOverlapCharacters >= 0 && knowledge.ChunkOverlapCharacters * 2 <= knowledge.ChunkCharacters,
                "knowledge.chunkOverlapCharacters", "must be between 0 and half of knowledge.chunkCharacters");
            Check(knowledge.RescanIntervalSeconds >= 1, "knowledge.rescanIntervalSeconds", "must be at least 1");
        }
        return errors;
    }

    private static bool IsSha256(string value) =>
        value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
