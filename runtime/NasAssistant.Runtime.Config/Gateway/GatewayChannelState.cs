namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>One channel's state in a <see cref="GatewayStatusReport"/>.</summary>
public sealed record GatewayChannelState
{
    /// <summary>The channel's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Its kind (<see cref="ChannelKindNames"/>).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>True while it is connected and answering.</summary>
    public bool Ready { get; init; }

    /// <summary>Why, in CamelCase (Connected, BadToken, Unreachable, RateLimited, ...).</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>A human explanation, free of secrets.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>When <see cref="Ready"/> or <see cref="Reason"/> last changed (ISO 8601).</summary>
    public string Since { get; init; } = string.Empty;
}
