namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// The channel gateway's whole configuration (<c>runtime gateway --config FILE</c>): the contract between the
/// operator, which renders it when an assistant names channels, and the gateway, which parses it at startup.
/// Secrets are never in this file, only the paths of the files that hold them (mounted Secrets).
/// </summary>
public sealed record GatewayConfig
{
    /// <summary>The assistant the gateway talks to (its OpenAI chat API, through its Service).</summary>
    public GatewayAssistantConfig Assistant { get; init; } = new();

    /// <summary>The gateway's own ports: webhooks from the messengers, and status and metrics.</summary>
    public GatewayServerConfig Server { get; init; } = new();

    /// <summary>
    /// Folder for the delivery journal, each chat's current conversation and, outside Kubernetes, the
    /// lock that keeps a single active instance. A standby replica must see the same folder to resume
    /// exactly where the leader stopped.
    /// </summary>
    public string DataDirectory { get; init; } = GatewayDefaults.LocalDataDirectory;

    /// <summary>
    /// The Kubernetes Lease that elects the one active instance; null (outside Kubernetes) uses a file
    /// lock in <see cref="DataDirectory"/> instead.
    /// </summary>
    public GatewayLeaseConfig? Lease { get; init; }

    /// <summary>
    /// A ConfigMap in the Lease's namespace, made by the operator, in which the active instance records each channel's
    /// state (<see cref="GatewayStatusReport"/> under <see cref="GatewayDefaults.StatusReportKey"/>) for the
    /// <c>ChannelReady</c> conditions. It also owns the Lease the gateway creates, so both go when the gateway goes.
    /// Needs <see cref="Lease"/>; null records nothing.
    /// </summary>
    public string? StatusConfigMap { get; init; }

    /// <summary>The messenger channels; at least one, names unique.</summary>
    public List<ChannelConfig> Channels { get; init; } = [];
}
