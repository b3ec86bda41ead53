using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// One messenger channel: its name, who may talk to it, and exactly one kind-specific section
/// (<see cref="Telegram"/>, ...). Every kind shares the allow-list and the conversation rules.
/// </summary>
public sealed record ChannelConfig
{
    /// <summary>Channel name (a DNS label): names the channel in metrics, status, webhooks paths and its users' identities (<c>NAME:CHAT</c>).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Users who may talk to the assistant in a private chat, by the platform's user id. Empty by default: nobody (default deny).</summary>
    public List<string> AllowedUsers { get; init; } = [];

    /// <summary>Group chats in which the assistant answers whoever addresses it, by the platform's chat id.</summary>
    public List<string> AllowedChats { get; init; } = [];

    /// <summary>A stranger (not allowed) gets one polite refusal per this many minutes, and nothing of theirs is stored.</summary>
    public int RefusalIntervalMinutes { get; init; } = 1440;

    /// <summary>A Telegram bot.</summary>
    public TelegramChannelConfig? Telegram { get; init; }

    /// <summary>A WeCom (企业微信) application.</summary>
    [YamlMember(Alias = ChannelKindNames.WeCom)]
    [JsonPropertyName(ChannelKindNames.WeCom)]
    public WeComChannelConfig? WeCom { get; init; }

    /// <summary>A DingTalk (钉钉) robot.</summary>
    [YamlMember(Alias = ChannelKindNames.DingTalk)]
    [JsonPropertyName(ChannelKindNames.DingTalk)]
    public DingTalkChannelConfig? DingTalk { get; init; }

    /// <summary>A Feishu (飞书) or Lark bot.</summary>
    public FeishuChannelConfig? Feishu { get; init; }

    /// <summary>Slack-style webhooks (Slack, Mattermost, Rocket.Chat).</summary>
    public WebhookChannelConfig? Webhook { get; init; }

    /// <summary>An MQTT broker, for home automation.</summary>
    public MqttChannelConfig? Mqtt { get; init; }

    /// <summary>The kinds whose section is set, by their YAML key; a valid channel has exactly one.</summary>
    public IReadOnlyList<string> KindsSet()
    {
        var kinds = new List<string>();
        void Add(object? section, string kind)
        {
            if (section is not null)
            {
                kinds.Add(kind);
            }
        }

        Add(Telegram, ChannelKindNames.Telegram);
        Add(WeCom, ChannelKindNames.WeCom);
        Add(DingTalk, ChannelKindNames.DingTalk);
        Add(Feishu, ChannelKindNames.Feishu);
        Add(Webhook, ChannelKindNames.Webhook);
        Add(Mqtt, ChannelKindNames.Mqtt);

        return kinds;
    }
}
