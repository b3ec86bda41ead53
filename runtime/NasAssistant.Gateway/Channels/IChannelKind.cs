using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels;

/// <summary>
/// One messenger kind: which channel configurations are its (the kind's section in <see cref="ChannelConfig"/>
/// is set) and how to build its adapter. A new kind adds its section to <see cref="ChannelConfig"/> (with
/// <see cref="ChannelConfig.KindsSet"/> and the validator), implements this and <see cref="IChannelAdapter"/>,
/// and is listed in <see cref="ChannelKinds.All"/>.
/// </summary>
internal interface IChannelKind
{
    /// <summary>The kind's YAML key and metrics label (<see cref="ChannelKindNames"/>).</summary>
    string Name { get; }

    /// <summary>True when <paramref name="channel"/> sets this kind's section.</summary>
    bool Handles(ChannelConfig channel);

    /// <summary>True when <paramref name="channel"/> receives by webhook: the host then opens the webhook port and routes <c>/webhooks/NAME</c> to its adapter.</summary>
    bool TakesWebhooks(ChannelConfig channel);

    /// <summary>Builds the adapter for <paramref name="context"/>'s channel.</summary>
    IChannelAdapter Create(ChannelContext context);
}
