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
        RefusalIntervalMinutes = channel.RefusalIntervalMinutes,
        Telegram = channel.Telegram is { } telegram ? Telegram(telegram) : null,
    };

    private static TelegramChannelConfig Telegram(TelegramChannelSpec telegram) => new()
    {
        TokenFile = GatewayPodLayout.SecretFile(telegram.TokenSecretRef),
        ApiBaseUrl = telegram.ApiBaseUrl ?? GatewayDefaults.TelegramApiBaseUrl,
        Webhook = telegram.Webhook is { } webhook
            ? new TelegramWebhookConfig { Url = webhook.Url, SecretTokenFile = GatewayPodLayout.SecretFile(webhook.SecretTokenSecretRef) }
            : null,
    };
}
