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

    /// <summary>Whether a channel receives by webhook, so the gateway opens its webhooks port for it.</summary>
    public static bool TakesWebhooks(ChannelSpec channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Telegram?.Webhook is not null;
    }

    private static IEnumerable<SecretKeyReference> Of(ChannelSpec channel)
    {
        if (channel.Telegram is { } telegram)
        {
            yield return telegram.TokenSecretRef;
            if (telegram.Webhook is { } webhook)
            {
                yield return webhook.SecretTokenSecretRef;
            }
        }
    }
}
