using System.Globalization;
using System.Text.RegularExpressions;

namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>Checks values that parse but cannot work, naming each key by its YAML path.</summary>
public static partial class GatewayConfigValidator
{
    private static readonly int[] TelegramWebhookPorts = [443, 80, 88, 8443];

    /// <summary>Returns every problem found, empty when the configuration is usable.</summary>
    public static IReadOnlyList<string> Validate(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                errors.Add($"{key}: {message}");
            }
        }

        var assistant = config.Assistant;
        Check(IsHttpUrl(assistant.Url), "assistant.url", "must be an absolute http or https address");
        Check(!string.IsNullOrWhiteSpace(assistant.Model), "assistant.model", "must not be empty");
        Check(assistant.CaFile is null || assistant.CaFile.Length > 0, "assistant.caFile", "must not be empty (leave it out to trust the system's CAs)");
        Check(assistant.ApiKeyFile is null || assistant.ApiKeyFile.Length > 0, "assistant.apiKeyFile", "must not be empty (leave it out to send no key)");
        Check(assistant.TimeoutSeconds is >= 1 and <= 3600, "assistant.timeoutSeconds", "must be between 1 and 3600");

        var server = config.Server;
        Check(server.WebhookPort is > 0 and < 65536, "server.webhookPort", "must be between 1 and 65535");
        Check(server.StatusPort is > 0 and < 65536, "server.statusPort", "must be between 1 and 65535");
        Check(server.StatusPort != server.WebhookPort, "server.statusPort", "must differ from server.webhookPort");
        Check(string.IsNullOrEmpty(server.BindAddress) || System.Net.IPAddress.TryParse(server.BindAddress, out _),
            "server.bindAddress", "must be an IP address such as 127.0.0.1 or ::");

        Check(!string.IsNullOrWhiteSpace(config.DataDirectory), "dataDirectory", "must not be empty");
        if (config.Lease is { } lease)
        {
            Check(lease.Name.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(lease.Name),
                "lease.name", "must be a DNS subdomain name such as family-gateway");
            Check(lease.Namespace is null || IsDnsLabel(lease.Namespace), "lease.namespace", "must be a DNS label (leave it out for the pod's namespace)");
        }

        if (config.StatusConfigMap is { } statusConfigMap)
        {
            Check(statusConfigMap.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(statusConfigMap),
                "statusConfigMap", "must be a DNS subdomain name such as family-gateway-status");
            Check(config.Lease is not null, "statusConfigMap", "needs lease: the ConfigMap is in Kubernetes, beside the Lease");
        }

        Check(config.Channels.Count > 0, "channels", "must name at least one channel");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Channels.Count; i++)
        {
            ValidateChannel(config.Channels[i], $"channels[{i}]", names, Check);
        }

        return errors;
    }

    private static void ValidateChannel(ChannelConfig channel, string key, HashSet<string> names, Action<bool, string, string> check)
    {
        check(IsDnsLabel(channel.Name), $"{key}.name", "must be a DNS label (lowercase letters, digits and '-', at most 63)");
        check(channel.Name.Length == 0 || names.Add(channel.Name), $"{key}.name", $"'{channel.Name}' is used by another channel");
        check(channel.RefusalIntervalMinutes >= 1, $"{key}.refusalIntervalMinutes", "must be at least 1");
        var kinds = channel.KindsSet();
        check(kinds.Count == 1, key, kinds.Count == 0
            ? $"must set one kind: {ChannelKindNames.Telegram}, {ChannelKindNames.WeCom}, {ChannelKindNames.DingTalk}, {ChannelKindNames.Feishu}, {ChannelKindNames.Webhook} or {ChannelKindNames.Mqtt}"
            : $"sets {string.Join(" and ", kinds)}; a channel has exactly one kind");

        if (channel.Telegram is { } telegram)
        {
            // Telegram ids are integers: users positive, groups and supergroups negative.
            CheckIds(channel.AllowedUsers, $"{key}.allowedUsers", id => long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n > 0, "a Telegram user id (a positive integer)", check);
            CheckIds(channel.AllowedChats, $"{key}.allowedChats", id => long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), "a Telegram chat id (an integer; groups are negative)", check);
            ValidateTelegram(telegram, $"{key}.telegram", check);
        }

        WebhookChannelValidator.Validate(channel, key, check);
        MqttChannelValidator.Validate(channel, key, check);
    }

    private static void ValidateTelegram(TelegramChannelConfig telegram, string key, Action<bool, string, string> check)
    {
        check(!string.IsNullOrWhiteSpace(telegram.TokenFile), $"{key}.tokenFile", "is required (the file holding the bot token)");
        check(IsHttpUrl(telegram.ApiBaseUrl), $"{key}.apiBaseUrl", "must be an absolute http or https address");
        check(telegram.PollTimeoutSeconds is >= 1 and <= 100, $"{key}.pollTimeoutSeconds", "must be between 1 and 100");
        if (telegram.Webhook is { } webhook)
        {
            var ok = Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps;
            check(ok, $"{key}.webhook.url", "must be an absolute https address (the Bot API posts to HTTPS only)");
            check(!ok || TelegramWebhookPorts.Contains(url!.Port), $"{key}.webhook.url", "must use port 443, 80, 88 or 8443 (the Bot API's webhook ports)");
            check(!string.IsNullOrWhiteSpace(webhook.SecretTokenFile), $"{key}.webhook.secretTokenFile", "is required: without the secret anyone could post updates");
        }
    }

    /// <summary>Checks each of <paramref name="ids"/> with <paramref name="valid"/>, naming the bad ones.</summary>
    internal static void CheckIds(List<string> ids, string key, Func<string, bool> valid, string expected, Action<bool, string, string> check)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            check(ids[i] is not null && valid(ids[i]), $"{key}[{i}]", $"'{ids[i]}' is not {expected}");
        }
    }

    /// <summary>True for an absolute http or https address.</summary>
    internal static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";

    private static bool IsDnsLabel(string? value) => value is { Length: > 0 and <= 63 } && DnsLabel().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
