using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>The Secret keys the channels name (tokens, signing secrets), each once, in a stable order.</summary>
internal static class ChannelSecrets
{
    public static IReadOnlyList<SecretKeyReference> Of(AssistantDeployment ad) =>
        [.. (ad.Spec.Channels ?? []).SelectMany(Of)
            .DistinctBy(reference => (reference.Name, reference.Key))
            .OrderBy(reference => reference.Name, StringComparer.Ordinal)
            .ThenBy(reference => reference.Key, StringComparer.Ordinal)];

    /// <summary>
    /// Whether a channel receives by webhook, so the gateway opens its webhooks port for it: WeCom, DingTalk, Feishu and
    /// Slack-style webhooks always, Telegram in webhook mode; MQTT never (the gateway connects to the broker).
    /// </summary>
    public static bool TakesWebhooks(ChannelSpec channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Telegram?.Webhook is not null
            || channel.WeCom is not null || channel.DingTalk is not null || channel.Feishu is not null || channel.Webhook is not null;
    }

    private static IEnumerable<SecretKeyReference> Of(ChannelSpec channel)
    {
        SecretKeyReference?[] references =
        [
            channel.Telegram?.TokenSecretRef, channel.Telegram?.Webhook?.SecretTokenSecretRef,
            channel.WeCom?.TokenSecretRef, channel.WeCom?.EncodingAesKeySecretRef, channel.WeCom?.CorpSecretSecretRef,
            channel.DingTalk?.AppSecretSecretRef,
            channel.Feishu?.AppSecretSecretRef, channel.Feishu?.VerificationTokenSecretRef, channel.Feishu?.EncryptKeySecretRef,
            channel.Webhook?.Slack?.SigningSecretSecretRef, channel.Webhook?.Slack?.BotTokenSecretRef, channel.Webhook?.Outgoing?.TokenSecretRef,
            channel.Mqtt?.Tls?.CaSecretRef, channel.Mqtt?.UsernameSecretRef, channel.Mqtt?.PasswordSecretRef,
        ];
        return references.OfType<SecretKeyReference>();
    }
}
