namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>The YAML keys of the channel kinds; also the <c>kind</c> label of the gateway's metrics and status.</summary>
public static class ChannelKindNames
{
    /// <summary>A Telegram bot (<see cref="TelegramChannelConfig"/>).</summary>
    public const string Telegram = "telegram";

    /// <summary>A WeCom (企业微信) application (<see cref="WeComChannelConfig"/>).</summary>
    public const string WeCom = "wecom";

    /// <summary>A DingTalk (钉钉) robot (<see cref="DingTalkChannelConfig"/>).</summary>
    public const string DingTalk = "dingtalk";

    /// <summary>A Feishu (飞书) or Lark bot (<see cref="FeishuChannelConfig"/>).</summary>
    public const string Feishu = "feishu";

    /// <summary>Slack-style webhooks: Slack's Events API, Mattermost and Rocket.Chat (<see cref="WebhookChannelConfig"/>).</summary>
    public const string Webhook = "webhook";

    /// <summary>An MQTT broker (<see cref="MqttChannelConfig"/>).</summary>
    public const string Mqtt = "mqtt";
}
