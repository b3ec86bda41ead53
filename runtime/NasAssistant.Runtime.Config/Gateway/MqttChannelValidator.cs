using System.Text.RegularExpressions;

namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>Checks an MQTT channel's section and its allow-list, whose ids are topic levels.</summary>
internal static partial class MqttChannelValidator
{
    /// <summary>Adds the problems of <paramref name="channel"/>'s MQTT section, if it has one, through <paramref name="check"/>.</summary>
    public static void Validate(ChannelConfig channel, string key, Action<bool, string, string> check)
    {
        if (channel.Mqtt is not { } mqtt)
        {
            return;
        }

        // The user is a topic level (BASE/ask/USER): no separators or wildcards. MQTT has no group chats.
        GatewayConfigValidator.CheckIds(channel.AllowedUsers, $"{key}.allowedUsers", id => id.Length is > 0 and <= 128 && TopicLevel().IsMatch(id), "a topic level (no '/', '+', '#' or control characters, at most 128)", check);
        check(channel.AllowedChats.Count == 0, $"{key}.allowedChats", "MQTT has no group chats: list each user (the USER of BASE/ask/USER) in allowedUsers");
        var section = $"{key}.{ChannelKindNames.Mqtt}";
        check(Uri.CheckHostName(mqtt.Host) != UriHostNameType.Unknown, $"{section}.host", "must be a host name or IP address");
        check(mqtt.Port is null or (> 0 and < 65536), $"{section}.port", "must be between 1 and 65535");
        check(mqtt.Tls?.CaFile is null || mqtt.Tls.CaFile.Length > 0, $"{section}.tls.caFile", "must not be empty (leave it out to trust the system's CAs)");
        check(mqtt.UsernameFile is null || mqtt.UsernameFile.Length > 0, $"{section}.usernameFile", "must not be empty (leave it out to connect anonymously)");
        check(mqtt.PasswordFile is null || (mqtt.PasswordFile.Length > 0 && mqtt.UsernameFile is not null), $"{section}.passwordFile", "needs usernameFile, and must not be empty");
        check(mqtt.ClientId is null || ClientId().IsMatch(mqtt.ClientId), $"{section}.clientId", "must be 1-128 letters, digits, '.', '_', ':' or '-'");
        check(mqtt.BaseTopic is null || (mqtt.BaseTopic.Length <= 512 && BaseTopic().IsMatch(mqtt.BaseTopic)),
            $"{section}.baseTopic", "must be topic levels such as home/nas-assistant: no wildcards, no empty level, not starting with '$'");
        check(mqtt.SessionExpirySeconds is >= 60 and <= 86_400, $"{section}.sessionExpirySeconds", "must be between 60 and 86400 (a day)");
        check(mqtt.KeepAliveSeconds is >= 5 and <= 3600, $"{section}.keepAliveSeconds", "must be between 5 and 3600");
    }

    [GeneratedRegex(@"^[^/+#\p{C}]+$")]
    private static partial Regex TopicLevel();

    [GeneratedRegex(@"^[^/+#$\p{C}][^/+#\p{C}]*(/[^/+#\p{C}]+)*$")]
    private static partial Regex BaseTopic();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex ClientId();
}
