namespace NasAssistant.Runtime.Config;

/// <summary>
/// The runtime's whole configuration: the contract between the operator, which renders it into
/// the assistant's ConfigMap, and the runtime, which parses it at startup.
/// </summary>
public sealed record RuntimeConfig
{
    /// <summary>HTTP server: ports, TLS, API keys, limits.</summary>
    public ServerConfig Server { get; init; } = new();

    /// <summary>The model this runtime serves.</summary>
    public ModelConfig Model { get; init; } = new();

    /// <summary>Dynamic batching of inference requests.</summary>
    public BatchingConfig Batching { get; init; } = new();

    /// <summary>Durable conversation storage.</summary>
    public ConversationConfig Conversations { get; init; } = new();

    /// <summary>The knowledge base; null (the default, left out of rendered files) turns it off.</summary>
    public KnowledgeConfig? Knowledge { get; init; }
}
