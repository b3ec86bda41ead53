using NasAssistant.Gateway.Channels.DingTalk;
using NasAssistant.Gateway.Channels.Feishu;
using NasAssistant.Gateway.Channels.Mqtt;
using NasAssistant.Gateway.Channels.Slack;
using NasAssistant.Gateway.Channels.Telegram;
using NasAssistant.Gateway.Channels.WeCom;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels;

/// <summary>Every channel kind the gateway knows; the registration point of a new one.</summary>
internal static class ChannelKinds
{
    /// <summary>The kinds, in the order of <see cref="ChannelKindNames"/>.</summary>
    public static readonly IReadOnlyList<IChannelKind> All =
    [
        new TelegramChannelKind(), new WeComChannelKind(), new DingTalkChannelKind(), new FeishuChannelKind(), new WebhookChannelKind(),
        new MqttChannelKind(),
    ];

    /// <summary>The kind of <paramref name="channel"/> (a validated configuration has exactly one).</summary>
    public static IChannelKind Of(ChannelConfig channel) =>
        All.Single(kind => kind.Handles(channel));
}
