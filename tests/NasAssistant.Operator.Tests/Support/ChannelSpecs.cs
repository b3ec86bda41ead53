namespace NasAssistant.Operator.Tests.Support;

/// <summary>Channel specs the gateway tests share.</summary>
internal static class ChannelSpecs
{
    /// <summary>Two Telegram channels: <c>family</c> by long polling with Telegram's ranges, <c>office</c> by webhook.</summary>
    public const string TwoTelegramChannels = """
        channels:
        - name: family
          allowedUsers: ["111111"]
          allowedChats: ["-100555"]
          telegram:
            tokenSecretRef: {name: telegram, key: token}
          egress: {cidrs: [149.154.160.0/20, 91.108.4.0/22]}
        - name: office
          allowedUsers: ["222222"]
          telegram:
            tokenSecretRef: {name: office-bot, key: token}
            webhook:
              url: https://bot.example.org/webhooks/office
              secretTokenSecretRef: {name: office-bot, key: webhook}
          egress: {cidrs: [149.154.160.0/20]}
        """;
}
