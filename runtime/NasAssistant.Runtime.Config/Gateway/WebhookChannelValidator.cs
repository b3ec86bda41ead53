using System.Text.RegularExpressions;

namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// Checks the sections of the kinds whose platform posts to the gateway (WeCom, DingTalk, Feishu, Slack-style
/// webhooks) and the allow-list ids each platform gives.
/// </summary>
internal static partial class WebhookChannelValidator
{
    /// <summary>Adds the problems of <paramref name="channel"/>'s webhook kind, if it has one, through <paramref name="check"/>.</summary>
    public static void Validate(ChannelConfig channel, string key, Action<bool, string, string> check)
    {
        if (channel.WeCom is { } wecom)
        {
            // A self-built application receives only its members' private messages: there are no groups to allow.
            Ids(channel.AllowedUsers, $"{key}.allowedUsers", WeComUserId(), "a WeCom UserID (letters, digits, '_', '-', '@' and '.')", check);
            check(channel.AllowedChats.Count == 0, $"{key}.allowedChats", "must be empty: a WeCom application receives private messages only");
            var section = $"{key}.{ChannelKindNames.WeCom}";
            check(!string.IsNullOrWhiteSpace(wecom.CorpId), $"{section}.corpId", "is required (My Company > Company Information > CorpID)");
            check(wecom.AgentId > 0, $"{section}.agentId", "must be the application's AgentId, a positive number");
            Required(wecom.TokenFile, $"{section}.tokenFile", "the callback Token", check);
            Required(wecom.EncodingAesKeyFile, $"{section}.encodingAesKeyFile", "the callback EncodingAESKey", check);
            Required(wecom.SecretFile, $"{section}.secretFile", "the application's Secret", check);
            HttpUrl(wecom.ApiBaseUrl, $"{section}.apiBaseUrl", check);
        }

        if (channel.DingTalk is { } dingtalk)
        {
            Ids(channel.AllowedUsers, $"{key}.allowedUsers", NoSpace(), "a DingTalk staff id or sender id", check);
            Ids(channel.AllowedChats, $"{key}.allowedChats", DingTalkConversation(), "a DingTalk group conversationId (cid...)", check);
            var section = $"{key}.{ChannelKindNames.DingTalk}";
            Required(dingtalk.AppSecretFile, $"{section}.appSecretFile", "the robot's AppSecret", check);
            HttpUrl(dingtalk.ApiBaseUrl, $"{section}.apiBaseUrl", check);
        }

        if (channel.Feishu is { } feishu)
        {
            Ids(channel.AllowedUsers, $"{key}.allowedUsers", FeishuOpenId(), "a Feishu open_id (ou_...)", check);
            Ids(channel.AllowedChats, $"{key}.allowedChats", FeishuChatId(), "a Feishu chat_id (oc_...)", check);
            var section = $"{key}.{ChannelKindNames.Feishu}";
            check(!string.IsNullOrWhiteSpace(feishu.AppId), $"{section}.appId", "is required (the app's App ID, cli_...)");
            Required(feishu.AppSecretFile, $"{section}.appSecretFile", "the app's App Secret", check);
            Required(feishu.VerificationTokenFile, $"{section}.verificationTokenFile", "the event subscription's Verification Token", check);
            check(feishu.EncryptKeyFile is null || feishu.EncryptKeyFile.Length > 0, $"{section}.encryptKeyFile", "must not be empty (leave it out when events are not encrypted)");
            HttpUrl(feishu.ApiBaseUrl, $"{section}.apiBaseUrl", check);
        }

        if (channel.Webhook is { } webhook)
        {
            ValidateWebhook(channel, webhook, key, check);
        }
    }

    private static void ValidateWebhook(ChannelConfig channel, WebhookChannelConfig webhook, string key, Action<bool, string, string> check)
    {
        var section = $"{key}.{ChannelKindNames.Webhook}";
        check((webhook.Slack is null) != (webhook.Outgoing is null), section, "must set exactly one of slack and outgoing");
        if (webhook.Slack is { } slack)
        {
            // Slack ids are unique within a workspace: the gateway names users and channels TEAM:ID.
            Ids(channel.AllowedUsers, $"{key}.allowedUsers", SlackUser(), "TEAM:USER, Slack ids such as T0123ABCD:U0456EFGH", check);
            Ids(channel.AllowedChats, $"{key}.allowedChats", SlackChannel(), "TEAM:CHANNEL, Slack ids such as T0123ABCD:C0789IJKL", check);
            Required(slack.SigningSecretFile, $"{section}.slack.signingSecretFile", "the app's Signing Secret", check);
            Required(slack.BotTokenFile, $"{section}.slack.botTokenFile", "the bot token", check);
            HttpUrl(slack.ApiBaseUrl, $"{section}.slack.apiBaseUrl", check);
        }

        if (webhook.Outgoing is { } outgoing)
        {
            check(channel.AllowedUsers.Count == 0, $"{key}.allowedUsers", "must be empty: outgoing webhooks post from channels, which allowedChats names");
            Ids(channel.AllowedChats, $"{key}.allowedChats", NoSpace(), "a channel id", check);
            Required(outgoing.TokenFile, $"{section}.outgoing.tokenFile", "the webhook's token", check);
        }
    }

    private static void Ids(List<string> ids, string key, Regex pattern, string expected, Action<bool, string, string> check) =>
        GatewayConfigValidator.CheckIds(ids, key, pattern.IsMatch, expected, check);

    private static void Required(string? file, string key, string what, Action<bool, string, string> check) =>
        check(!string.IsNullOrWhiteSpace(file), key, $"is required (the file holding {what})");

    private static void HttpUrl(string? url, string key, Action<bool, string, string> check) =>
        check(GatewayConfigValidator.IsHttpUrl(url), key, "must be an absolute http or https address");

    [GeneratedRegex("^[A-Za-z0-9_@.-]{1,64}$")]
    private static partial Regex WeComUserId();

    [GeneratedRegex(@"^\S{1,256}$")]
    private static partial Regex NoSpace();

    [GeneratedRegex(@"^cid\S+$")]
    private static partial Regex DingTalkConversation();

    [GeneratedRegex("^ou_[0-9A-Za-z]+$")]
    private static partial Regex FeishuOpenId();

    [GeneratedRegex("^oc_[0-9A-Za-z]+$")]
    private static partial Regex FeishuChatId();

    [GeneratedRegex("^T[0-9A-Z]+:[UW][0-9A-Z]+$")]
    private static partial Regex SlackUser();

    [GeneratedRegex("^T[0-9A-Z]+:[CGD][0-9A-Z]+$")]
    private static partial Regex SlackChannel();
}
