using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Tests.Config;

public sealed class GatewayConfigYamlTests
{
    private const string Minimal = """
        channels:
        - name: family-telegram
          allowedUsers: ["123456789"]
          telegram: {tokenFile: /secrets/telegram/token}
        """;

    [Fact]
    public void Parses_TheSmallestFile_WithDefaultsForTheRest()
    {
        var config = GatewayConfigYaml.Parse(Minimal, "gateway.yaml");

        var channel = Assert.Single(config.Channels);
        Assert.Equal("family-telegram", channel.Name);
        Assert.Equal(["123456789"], channel.AllowedUsers);
        Assert.Empty(channel.AllowedChats);
        Assert.Equal("/secrets/telegram/token", channel.Telegram!.TokenFile);
        Assert.Equal(GatewayDefaults.TelegramApiBaseUrl, channel.Telegram.ApiBaseUrl);
        Assert.Null(channel.Telegram.Webhook);
        Assert.Equal(GatewayDefaults.LocalAssistantUrl, config.Assistant.Url);
        Assert.Null(config.Lease);
        Assert.Equal(GatewayDefaults.StatusPort, config.Server.StatusPort);
    }

    [Fact]
    public void Serialize_ThenParse_GivesBackTheSameConfiguration()
    {
        var config = new GatewayConfig
        {
            Assistant = new GatewayAssistantConfig { Url = "https://family.assistants.svc:5000", CaFile = "/tls/ca.crt", ApiKeyFile = "/keys/gateway", TimeoutSeconds = 60 },
            Server = new GatewayServerConfig { WebhookPort = 8081, StatusPort = 9091 },
            DataDirectory = "/data/gateway",
            Lease = new GatewayLeaseConfig { Name = "family-gateway", Namespace = "assistants" },
            StatusConfigMap = "family-gateway-status",
            Channels =
            [
                new ChannelConfig
                {
                    Name = "family",
                    AllowedUsers = ["1", "22"],
                    AllowedChats = ["-1001"],
                    Telegram = new TelegramChannelConfig
                    {
                        TokenFile = "/secrets/tg/token",
                        Webhook = new TelegramWebhookConfig { Url = "https://bot.example.org/webhooks/family", SecretTokenFile = "/secrets/tg/webhook" },
                    },
                },
            ],
        };

        var yaml = GatewayConfigYaml.Serialize(config);
        var parsed = GatewayConfigYaml.Parse(yaml, "rendered");

        Assert.Equal(yaml, GatewayConfigYaml.Serialize(parsed));
        Assert.Equal(config.Lease, parsed.Lease);
        Assert.Equal(config.Channels[0].Telegram, parsed.Channels[0].Telegram);
        Assert.Equal(config.Channels[0].AllowedChats, parsed.Channels[0].AllowedChats);
        Assert.DoesNotContain("null", yaml, StringComparison.Ordinal);
        Assert.Equal(GatewayConfigYaml.Digest(config), GatewayConfigYaml.Digest(parsed));
        Assert.NotEqual(GatewayConfigYaml.Digest(config), GatewayConfigYaml.Digest(config with { DataDirectory = "/data/other" }));
    }

    [Fact]
    public void StatusReport_SerializeThenParse_GivesBackTheSameReport()
    {
        var report = new GatewayStatusReport
        {
            ConfigDigest = "3f2a",
            Channels = [new GatewayChannelState { Name = "family", Kind = "telegram", Ready = false, Reason = "BadToken", Message = "getMe answered 401: Unauthorized", Since = "2026-01-02T03:04:05.0000000+00:00" }],
        };

        var parsed = GatewayStatusReportJson.Parse(GatewayStatusReportJson.Serialize(report), "status");

        Assert.Equal(report.ConfigDigest, parsed.ConfigDigest);
        Assert.Equal(report.Channels, parsed.Channels);
        Assert.Throws<RuntimeConfigException>(() => GatewayStatusReportJson.Parse("""{"channels":[{"name":"family"}]}""", "status"));
        Assert.Throws<RuntimeConfigException>(() => GatewayStatusReportJson.Parse("""{"channels":[],"extra":1}""", "status"));
        Assert.Throws<RuntimeConfigException>(() => GatewayStatusReportJson.Parse("channels: []", "status"));
    }

    [Theory]
    [InlineData("channels: []", "channels: must name at least one channel")]
    [InlineData("channels:\n- name: Family\n  telegram: {tokenFile: t}", "channels[0].name: must be a DNS label")]
    [InlineData("channels:\n- name: a\n  telegram: {tokenFile: t}\n- name: a\n  telegram: {tokenFile: t}", "channels[1].name: 'a' is used by another channel")]
    [InlineData("channels:\n- name: a", "channels[0]: must set one kind: telegram")]
    [InlineData("channels:\n- name: a\n  telegram: {tokenFile: ''}", "channels[0].telegram.tokenFile: is required")]
    [InlineData("channels:\n- name: a\n  allowedUsers: ['@alice']\n  telegram: {tokenFile: t}", "channels[0].allowedUsers[0]: '@alice' is not a Telegram user id")]
    [InlineData("channels:\n- name: a\n  allowedChats: ['family']\n  telegram: {tokenFile: t}", "channels[0].allowedChats[0]: 'family' is not a Telegram chat id")]
    [InlineData("channels:\n- name: a\n  telegram: {tokenFile: t, webhook: {url: 'http://bot.example.org/hook', secretTokenFile: s}}", "channels[0].telegram.webhook.url: must be an absolute https address")]
    [InlineData("channels:\n- name: a\n  telegram: {tokenFile: t, webhook: {url: 'https://bot.example.org:9443/hook', secretTokenFile: s}}", "channels[0].telegram.webhook.url: must use port 443, 80, 88 or 8443")]
    [InlineData("channels:\n- name: a\n  telegram: {tokenFile: t, webhook: {url: 'https://bot.example.org/hook'}}", "channels[0].telegram.webhook.secretTokenFile: is required")]
    [InlineData("assistant: {url: 'family:5000'}\nchannels:\n- name: a\n  telegram: {tokenFile: t}", "assistant.url: must be an absolute http or https address")]
    [InlineData("server: {webhookPort: 9090}\nchannels:\n- name: a\n  telegram: {tokenFile: t}", "server.statusPort: must differ from server.webhookPort")]
    [InlineData("lease: {name: ''}\nchannels:\n- name: a\n  telegram: {tokenFile: t}", "lease.name: must be a DNS subdomain name")]
    [InlineData("statusConfigMap: family-gateway-status\nchannels:\n- name: a\n  telegram: {tokenFile: t}", "statusConfigMap: needs lease")]
    [InlineData("lease: {name: family-gateway}\nstatusConfigMap: Status!\nchannels:\n- name: a\n  telegram: {tokenFile: t}", "statusConfigMap: must be a DNS subdomain name")]
    public void Refuses_WhatCannotWork_NamingTheKey(string yaml, string expected)
    {
        var error = Assert.Throws<RuntimeConfigException>(() => GatewayConfigYaml.Parse(yaml, "gateway.yaml"));

        Assert.StartsWith("gateway.yaml: invalid configuration:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_UnknownKeys_WithTheLine()
    {
        var error = Assert.Throws<RuntimeConfigException>(() => GatewayConfigYaml.Parse("channels:\n- name: a\n  telegram: {tokenFile: t, token: secret}", "gateway.yaml"));

        Assert.StartsWith("gateway.yaml: line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'token'", error.Message, StringComparison.Ordinal);
    }
}
