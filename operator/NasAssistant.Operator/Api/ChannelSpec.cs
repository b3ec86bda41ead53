using System.Text.Json.Serialization;
using NasAssistant.Operator.Api.Schema;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Api;

/// <summary>
/// A messenger channel of the gateway: exactly one kind section (telegram, wecom, dingtalk, feishu, webhook or mqtt), who may talk to the assistant
/// through it (nobody by default), and where the gateway may connect for it.
/// </summary>
// No field of a channel has a CRD default: a list item the API server fills in differs from the manifest it came
// from, and client-side apply and GitOps diffs would then report every channel as changed on every sync.
public sealed class ChannelSpec
{
    /// <summary>
    /// Channel name: a DNS label of at most 32 characters. It names the channel's ChannelReady.NAME condition, its
    /// metrics, its webhook path (/webhooks/NAME) and its users' identities on the assistant (NAME:ID).
    /// </summary>
    [SchemaRequired]
    [SchemaPattern(NamePatterns.ChannelName)]
    [SchemaLength(1, 32)]
    public string Name { get; set; } = "";

    /// <summary>
    /// Users who may talk to the assistant in a private chat, by the platform's user id: Telegram's numeric id, a WeCom
    /// UserID, a DingTalk staff id, a Feishu open_id (ou_...), TEAM:USER for Slack, the USER of BASE/ask/USER for MQTT.
    /// Empty: nobody.
    /// </summary>
    [SchemaItems(0, 256)]
    [SchemaItemPattern(NamePatterns.PlatformId)]
    [SchemaItemLength(1, 128)]
    public List<string>? AllowedUsers { get; set; }

    /// <summary>
    /// Group chats in which the assistant answers whoever addresses it, by the platform's chat id: Telegram's (groups are
    /// negative), a DingTalk conversationId (cid...), a Feishu chat_id (oc_...), TEAM:CHANNEL for Slack, the channel id of
    /// an outgoing webhook. WeCom applications and MQTT have no group chats.
    /// </summary>
    [SchemaItems(0, 256)]
    [SchemaItemPattern(NamePatterns.PlatformId)]
    [SchemaItemLength(1, 128)]
    public List<string>? AllowedChats { get; set; }

    /// <summary>A stranger gets one polite refusal per this many minutes (unset: 1440, one a day), and nothing of theirs is stored.</summary>
    [SchemaRange(1, 10080)]
    public int? RefusalIntervalMinutes { get; set; }

    /// <summary>A Telegram bot.</summary>
    public TelegramChannelSpec? Telegram { get; set; }

    /// <summary>A WeCom (企业微信) self-built application.</summary>
    [JsonPropertyName(ChannelKindNames.WeCom)]
    public WeComChannelSpec? WeCom { get; set; }

    /// <summary>A DingTalk (钉钉) robot.</summary>
    [JsonPropertyName(ChannelKindNames.DingTalk)]
    public DingTalkChannelSpec? DingTalk { get; set; }

    /// <summary>A Feishu (飞书) or Lark bot.</summary>
    public FeishuChannelSpec? Feishu { get; set; }

    /// <summary>Slack-style webhooks: a Slack app, or a Mattermost or Rocket.Chat outgoing webhook.</summary>
    public WebhookChannelSpec? Webhook { get; set; }

    /// <summary>An MQTT broker, for home automation.</summary>
    public MqttChannelSpec? Mqtt { get; set; }

    /// <summary>Where the gateway pod may connect for this channel: the messenger's address ranges, or your HTTP proxy's.</summary>
    public ChannelEgressSpec? Egress { get; set; }

    /// <summary>The kind sections set, by their field names; a valid channel has exactly one.</summary>
    public IReadOnlyList<string> KindsSet()
    {
        (object? Section, string Kind)[] sections =
        [
            (Telegram, ChannelKindNames.Telegram), (WeCom, ChannelKindNames.WeCom), (DingTalk, ChannelKindNames.DingTalk),
            (Feishu, ChannelKindNames.Feishu), (Webhook, ChannelKindNames.Webhook), (Mqtt, ChannelKindNames.Mqtt),
        ];
        return [.. sections.Where(s => s.Section is not null).Select(s => s.Kind)];
    }

    /// <summary>The kind sections a channel may set, by their field names (the configuration's kind keys).</summary>
    public static IReadOnlyList<string> Kinds { get; } =
    [
        ChannelKindNames.Telegram, ChannelKindNames.WeCom, ChannelKindNames.DingTalk,
        ChannelKindNames.Feishu, ChannelKindNames.Webhook, ChannelKindNames.Mqtt,
    ];
}
