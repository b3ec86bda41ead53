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

    /// <summary>
    /// One channel of every kind but Telegram, each with every Secret its kind can name: <c>wecom</c>, <c>dingtalk</c>,
    /// <c>feishu</c> (encrypted events), <c>slack</c>, <c>chat</c> (an outgoing webhook), <c>home</c> (MQTT over TLS with a login)
    /// and <c>sensors</c> (plain MQTT on port 1884).
    /// </summary>
    public const string EveryWebhookAndMqttKind = """
        channels:
        - name: wecom
          allowedUsers: [LiLei]
          wecom:
            corpId: ww7f3a9c0d2b4e6f81
            agentId: 1000002
            tokenSecretRef: {name: wecom, key: token}
            encodingAesKeySecretRef: {name: wecom, key: aes-key}
            corpSecretSecretRef: {name: wecom, key: secret}
          egress: {cidrs: [192.168.1.10/32]}
        - name: dingtalk
          allowedUsers: [manager4220]
          allowedChats: ['cidFaMiLy9k2ZHp4dQ+Xb0w==']
          dingtalk:
            appSecretSecretRef: {name: dingtalk, key: app-secret}
          egress: {cidrs: [192.168.1.10/32]}
        - name: feishu
          allowedUsers: [ou_7d8a6e6df7621556ce0d21922b676706]
          allowedChats: [oc_5ad11d72b830411d72b836c20]
          feishu:
            appId: cli_a5f1e2d3c4b5a697
            appSecretSecretRef: {name: feishu, key: app-secret}
            verificationTokenSecretRef: {name: feishu, key: token}
            encryptKeySecretRef: {name: feishu, key: encrypt-key}
            apiBaseUrl: https://open.larksuite.com
        - name: slack
          allowedUsers: ['T0FAMILY1:U0ALICE1']
          allowedChats: ['T0FAMILY1:C0KITCHEN']
          webhook:
            slack:
              signingSecretSecretRef: {name: slack, key: signing-secret}
              botTokenSecretRef: {name: slack, key: bot-token}
        - name: chat
          allowedChats: [4xp9fdt2pbn8mk4fjqmmqanbia]
          webhook:
            outgoing:
              tokenSecretRef: {name: mattermost, key: token}
        - name: home
          allowedUsers: [homeassistant, nodered]
          mqtt:
            host: mqtt.home.lan
            tls: {caSecretRef: {name: mqtt, key: ca.crt}}
            usernameSecretRef: {name: mqtt, key: username}
            passwordSecretRef: {name: mqtt, key: password}
            clientId: nas-assistant-home
            baseTopic: home/assistant
            sessionExpirySeconds: 3600
            keepAliveSeconds: 15
          egress: {cidrs: [192.168.1.20/32]}
        - name: sensors
          allowedUsers: [nodered]
          mqtt: {host: 192.168.1.21, port: 1884}
          egress: {cidrs: [192.168.1.21/32, 192.168.1.20/32]}
        """;
}
