namespace NasAssistant.Runtime.Config;

/// <summary>Values the operator and the runtime must agree on.</summary>
public static class RuntimeDefaults
{
    /// <summary>API port.</summary>
    public const int ApiPort = 5000;

    /// <summary>Metrics port.</summary>
    public const int MetricsPort = 9090;

    /// <summary>Name of the bundled model.</summary>
    public const string ModelName = "minilm";

    /// <summary>Conversation folder when the runtime runs on its own.</summary>
    public const string LocalSessionsDirectory = "data/sessions";

    /// <summary>Quantized-model cache of a runtime started outside Kubernetes, relative to its working directory.</summary>
    public const string LocalModelCacheDirectory = "data/models";

    /// <summary>Environment variable naming the config file.</summary>
    public const string ConfigFileVariable = "NAS_ASSISTANT_CONFIG";

    /// <summary>Liveness endpoint (KServe v2).</summary>
    public const string LivePath = "/v2/health/live";

    /// <summary>Readiness endpoint (KServe v2): true once the model is loaded and verified.</summary>
    public const string ReadyPath = "/v2/health/ready";
}
