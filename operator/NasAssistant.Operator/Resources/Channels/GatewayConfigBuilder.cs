using NasAssistant.Operator.Api;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>Translates an AssistantDeployment's channels into the gateway's own configuration (the contract the gateway parses).</summary>
internal static class GatewayConfigBuilder
{
    /// <summary>The gateway's configuration; null when no channel is named.</summary>
    public static GatewayConfig? Build(AssistantDeployment ad, OperatorSettings settings)
    {
        if (!ad.Spec.HasChannels())
        {
            return null;
        }

        var tls = ad.Spec.Tls.Mode != TlsMode.Disabled;
        return new GatewayConfig
        {
            Assistant = new GatewayAssistantConfig
            {
                Url = ServiceBuilder.Endpoint(ad, settings),
                Model = ad.Spec.Model.Name,
                CaFile = tls ? GatewayPodLayout.AuthorityDirectory + "/" + GatewayPodLayout.AuthorityFileName : null,
                ApiKeyFile = GatewayPodLayout.KeyFile,
            },
            DataDirectory = GatewayPodLayout.DataDirectory,
            Lease = new GatewayLeaseConfig { Name = Naming.Gateway(ad) },
            StatusConfigMap = Naming.GatewayStatusConfigMap(ad),
            Channels = [.. ad.Spec.Channels!.Select(Channel)],
        };
    }

    private static ChannelConfig Channel(ChannelSpec channel) => new()
    {
        Name = channel.Name,
        AllowedUsers = channel.AllowedUsers ?? [],
        AllowedChats = channel.AllowedChats ?? [],
        RefusalIntervalMinutes = channel.RefusalIntervalMinutes ?? new ChannelConfig().RefusalIntervalMinutes,
        Telegram = channel.Telegram is { } telegram ? Telegram(telegram) : null,
        WeCom = channel.WeCom is { } wecom ? WeCom(wecom) : null,
        DingTalk = channel.DingTalk is { } dingtalk ? DingTalk(dingtalk) : null,
        Feishu = channel.Feishu is { } feishu ? Feishu(feishu) : null,
        Webhook = channel.Webhook is { } webhook ? Webhook(webhook) : null,
        Mqtt = channel.Mqtt is { } mqtt ? Mqtt(mqtt) : null,
    };

    private static TelegramChannelConfig Telegram(TelegramChannelSpec telegram) => new()
    {
        TokenFile = GatewayPodLayout.SecretFile(telegram.TokenSecretRef),
        ApiBaseUrl = telegram.ApiBaseUrl ?? GatewayDefaults.TelegramApiBaseUrl,
        Webhook = telegram.Webhook is { } webhook
            ? new TelegramWebhookConfig { Url = webhook.Url, SecretTokenFile = GatewayPodLayout.SecretFile(webhook.SecretTokenSecretRef) }
            : null,
    };

    private static WeComChannelConfig WeCom(WeComChannelSpec wecom) => new()
    {
        CorpId = wecom.CorpId,
        AgentId = wecom.AgentId,
        TokenFile = GatewayPodLayout.SecretFile(wecom.TokenSecretRef),
        EncodingAesKeyFile = GatewayPodLayout.SecretFile(wecom.EncodingAesKeySecretRef),
        SecretFile = GatewayPodLayout.SecretFile(wecom.CorpSecretSecretRef),
        ApiBaseUrl = wecom.ApiBaseUrl ?? GatewayDefaults.WeComApiBaseUrl,
    };

    private static DingTalkChannelConfig DingTalk(DingTalkChannelSpec dingtalk) => new()
    {
        AppSecretFile = GatewayPodLayout.SecretFile(dingtalk.AppSecretSecretRef),
        ApiBaseUrl = dingtalk.ApiBaseUrl ?? GatewayDefaults.DingTalkApiBaseUrl,
    };

    private static FeishuChannelConfig Feishu(FeishuChannelSpec feishu) => new()
    {
        AppId = feishu.AppId,
        AppSecretFile = GatewayPodLayout.SecretFile(feishu.AppSecretSecretRef),
        VerificationTokenFile = GatewayPodLayout.SecretFile(feishu.VerificationTokenSecretRef),
        EncryptKeyFile = feishu.EncryptKeySecretRef is { } encryptKey ? GatewayPodLayout.SecretFile(encryptKey) : null,
        ApiBaseUrl = feishu.ApiBaseUrl ?? GatewayDefaults.FeishuApiBaseUrl,
    };

    private static WebhookChannelConfig Webhook(WebhookChannelSpec webhook) => new()
    {
        Slack = webhook.Slack is { } slack
            ? new SlackWebhookConfig
            {
                SigningSecretFile = GatewayPodLayout.SecretFile(slack.SigningSecretSecretRef),
                BotTokenFile = GatewayPodLayout.SecretFile(slack.BotTokenSecretRef),
                ApiBaseUrl = slack.ApiBaseUrl ?? GatewayDefaults.SlackApiBaseUrl,
            }
            : null,
        Outgoing = webhook.Outgoing is { } outgoing ? new OutgoingWebhookConfig { TokenFile = GatewayPodLayout.SecretFile(outgoing.TokenSecretRef) } : null,
    };

    private static MqttChannelConfig Mqtt(MqttChannelSpec mqtt)
    {
        var defaults = new MqttChannelConfig();
        return new()
        {
            Host = mqtt.Host,
            Port = mqtt.Port,
            Tls = mqtt.Tls is { } tls ? new MqttTlsConfig { CaFile = tls.CaSecretRef is { } ca ? GatewayPodLayout.SecretFile(ca) : null } : null,
            UsernameFile = mqtt.UsernameSecretRef is { } username ? GatewayPodLayout.SecretFile(username) : null,
            PasswordFile = mqtt.PasswordSecretRef is { } password ? GatewayPodLayout.SecretFile(password) : null,
            ClientId = mqtt.ClientId,
            BaseTopic = mqtt.BaseTopic,
            SessionExpirySeconds = mqtt.SessionExpirySeconds ?? defaults.SessionExpirySeconds,
            KeepAliveSeconds = mqtt.KeepAliveSeconds ?? defaults.KeepAliveSeconds,
        };
    }
}
