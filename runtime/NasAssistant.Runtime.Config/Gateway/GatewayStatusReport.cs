namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// What the active gateway instance records about its channels in the status ConfigMap (<see cref="GatewayConfig.StatusConfigMap"/>),
/// for the operator's <c>ChannelReady</c> conditions. It holds no secret: messages are the ones <c>/status</c> shows.
/// </summary>
public sealed record GatewayStatusReport
{
    /// <summary>Digest of the configuration the gateway runs (<see cref="GatewayConfigYaml.Digest(GatewayConfig)"/>), so a report from before a change is told apart.</summary>
    public string ConfigDigest { get; init; } = string.Empty;

    /// <summary>Each channel's state, in the configuration's order.</summary>
    public List<GatewayChannelState> Channels { get; init; } = [];
}
