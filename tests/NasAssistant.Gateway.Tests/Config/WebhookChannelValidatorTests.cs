using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Tests.Config;

public sealed class WebhookChannelValidatorTests
{
    [Fact]
    public void Parses_EachWebhookKind_WithItsDefaults()
    {
        var config = GatewayConfigYaml.Parse("""
            channels:
            - name: office-wecom
              allowedUsers: [LiLei, zhang.san@family]
              wecom: {corpId: ww7f3a9c0d2b4e6f81, agentId: 1000002, tokenFile: /s/token, encodingAesKeyFile: /s/aes, secretFile: /s/secret}
            - name: office-dingtalk
              allowedUsers: [manager4220]
              allowedChats: [cidFaMiLy9k2ZHp4dQ+Xb0w==]
              dingtalk: {appSecretFile: /s/dingtalk}
            - name: office-feishu
              allowedUsers: [ou_7d8a6e6df7621556ce0d21922b676706]
              allowedChats: [oc_5ad11d72b830411d72b836c20]
              feishu: {appId: cli_a5f1e2d3c4b5a697, appSecretFile: /s/app, verificationTokenFile: /s/token, encryptKeyFile: /s/key}
            - name: office-slack
              allowedUsers: ['T0FAMILY1:U0ALICE1']
              allowedChats: ['T0FAMILY1:C0FAMILY1']
              webhook: {slack: {signingSecretFile: /s/signing, botTokenFile: /s/bot}}
            - name: office-mattermost
              allowedChats: [4xp9fdt2pbn8mk4fjqmmqanbia]
              webhook: {outgoing: {tokenFile: /s/outgoing}}
            """, "gateway.yaml");

        Assert.Equal(1000002, config.Channels[0].WeCom!.AgentId);
        Assert.Equal(GatewayDefaults.WeComApiBaseUrl, config.Channels[0].WeCom!.ApiBaseUrl);
        Assert.Equal(GatewayDefaults.DingTalkApiBaseUrl, config.Channels[1].DingTalk!.ApiBaseUrl);
        Assert.Equal("/s/key", config.Channels[2].Feishu!.EncryptKeyFile);
        Assert.Equal(GatewayDefaults.FeishuApiBaseUrl, config.Channels[2].Feishu!.ApiBaseUrl);
        Assert.Equal(GatewayDefaults.SlackApiBaseUrl, config.Channels[3].Webhook!.Slack!.ApiBaseUrl);
        Assert.Equal("/s/outgoing", config.Channels[4].Webhook!.Outgoing!.TokenFile);
    }

    [Theory]
    [InlineData("wecom: {agentId: 1, tokenFile: t, encodingAesKeyFile: a, secretFile: s}", "channels[0].wecom.corpId: is required")]
    [InlineData("wecom: {corpId: ww1, tokenFile: t, encodingAesKeyFile: a, secretFile: s}", "channels[0].wecom.agentId: must be the application's AgentId")]
    [InlineData("wecom: {corpId: ww1, agentId: 1, encodingAesKeyFile: a, secretFile: s}", "channels[0].wecom.tokenFile: is required")]
    [InlineData("wecom: {corpId: ww1, agentId: 1, tokenFile: t, secretFile: s}", "channels[0].wecom.encodingAesKeyFile: is required")]
    [InlineData("wecom: {corpId: ww1, agentId: 1, tokenFile: t, encodingAesKeyFile: a}", "channels[0].wecom.secretFile: is required")]
    [InlineData("allowedUsers: ['li lei']\n  wecom: {corpId: ww1, agentId: 1, tokenFile: t, encodingAesKeyFile: a, secretFile: s}", "channels[0].allowedUsers[0]: 'li lei' is not a WeCom UserID")]
    [InlineData("allowedChats: [group]\n  wecom: {corpId: ww1, agentId: 1, tokenFile: t, encodingAesKeyFile: a, secretFile: s}", "channels[0].allowedChats: must be empty")]
    [InlineData("dingtalk: {}", "channels[0].dingtalk.appSecretFile: is required")]
    [InlineData("allowedChats: [family]\n  dingtalk: {appSecretFile: s}", "channels[0].allowedChats[0]: 'family' is not a DingTalk group conversationId")]
    [InlineData("dingtalk: {appSecretFile: s, apiBaseUrl: 'oapi.dingtalk.com'}", "channels[0].dingtalk.apiBaseUrl: must be an absolute http or https address")]
    [InlineData("feishu: {appSecretFile: s, verificationTokenFile: t}", "channels[0].feishu.appId: is required")]
    [InlineData("feishu: {appId: cli_1, appSecretFile: s}", "channels[0].feishu.verificationTokenFile: is required")]
    [InlineData("feishu: {appId: cli_1, appSecretFile: s, verificationTokenFile: t, encryptKeyFile: ''}", "channels[0].feishu.encryptKeyFile: must not be empty")]
    [InlineData("allowedUsers: [alice]\n  feishu: {appId: cli_1, appSecretFile: s, verificationTokenFile: t}", "channels[0].allowedUsers[0]: 'alice' is not a Feishu open_id")]
    [InlineData("allowedChats: [family]\n  feishu: {appId: cli_1, appSecretFile: s, verificationTokenFile: t}", "channels[0].allowedChats[0]: 'family' is not a Feishu chat_id")]
    [InlineData("webhook: {}", "channels[0].webhook: must set exactly one of slack and outgoing")]
    [InlineData("webhook: {slack: {signingSecretFile: s, botTokenFile: b}, outgoing: {tokenFile: t}}", "channels[0].webhook: must set exactly one of slack and outgoing")]
    [InlineData("webhook: {slack: {botTokenFile: b}}", "channels[0].webhook.slack.signingSecretFile: is required")]
    [InlineData("webhook: {slack: {signingSecretFile: s}}", "channels[0].webhook.slack.botTokenFile: is required")]
    [InlineData("allowedUsers: [U0ALICE1]\n  webhook: {slack: {signingSecretFile: s, botTokenFile: b}}", "channels[0].allowedUsers[0]: 'U0ALICE1' is not TEAM:USER")]
    [InlineData("allowedUsers: [someone]\n  webhook: {outgoing: {tokenFile: t}}", "channels[0].allowedUsers: must be empty: outgoing webhooks post from channels")]
    [InlineData("webhook: {outgoing: {}}", "channels[0].webhook.outgoing.tokenFile: is required")]
    [InlineData("telegram: {tokenFile: t}\n  dingtalk: {appSecretFile: s}", "channels[0]: sets telegram and dingtalk; a channel has exactly one kind")]
    public void Refuses_WhatCannotWork_NamingTheKey(string channel, string expected)
    {
        var error = Assert.Throws<RuntimeConfigException>(() => GatewayConfigYaml.Parse($"channels:\n- name: a\n  {channel}", "gateway.yaml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
