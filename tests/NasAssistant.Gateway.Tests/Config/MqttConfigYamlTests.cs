using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Tests.Config;

public sealed class MqttConfigYamlTests
{
    [Fact]
    public void Parses_AnMqttChannel_WithDefaultsForTheRest()
    {
        var config = GatewayConfigYaml.Parse("channels:\n- name: home\n  allowedUsers: [homeassistant, kitchen-panel]\n  mqtt: {host: broker.lan}", "gateway.yaml");

        var channel = Assert.Single(config.Channels);
        Assert.Equal(["homeassistant", "kitchen-panel"], channel.AllowedUsers);
        Assert.Equal(new MqttChannelConfig { Host = "broker.lan" }, channel.Mqtt);
        Assert.Equal((86_400, 30), (channel.Mqtt!.SessionExpirySeconds, channel.Mqtt.KeepAliveSeconds));
    }

    [Fact]
    public void Serialize_ThenParse_GivesBackTheSameMqttChannel()
    {
        var mqtt = new MqttChannelConfig
        {
            Host = "mosquitto.home.svc",
            Port = 8883,
            Tls = new MqttTlsConfig { CaFile = "/secrets/mqtt/ca.crt" },
            UsernameFile = "/secrets/mqtt/username",
            PasswordFile = "/secrets/mqtt/password",
            ClientId = "nas-assistant-home",
            BaseTopic = "home/assistant",
            SessionExpirySeconds = 3600,
            KeepAliveSeconds = 15,
        };
        var config = new GatewayConfig { Channels = [new ChannelConfig { Name = "home", AllowedUsers = ["homeassistant"], Mqtt = mqtt }] };

        var parsed = GatewayConfigYaml.Parse(GatewayConfigYaml.Serialize(config), "rendered");

        Assert.Equal(mqtt, parsed.Channels[0].Mqtt);
    }

    [Theory]
    [InlineData("allowedUsers: [alice/kitchen]", "mqtt: {host: b}", "channels[0].allowedUsers[0]: 'alice/kitchen' is not a topic level")]
    [InlineData("allowedUsers: ['+']", "mqtt: {host: b}", "channels[0].allowedUsers[0]: '+' is not a topic level")]
    [InlineData("allowedChats: [family]", "mqtt: {host: b}", "channels[0].allowedChats: MQTT has no group chats")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: 'broker lan'}", "channels[0].mqtt.host: must be a host name or IP address")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, port: 0}", "channels[0].mqtt.port: must be between 1 and 65535")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, tls: {caFile: ''}}", "channels[0].mqtt.tls.caFile: must not be empty")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, passwordFile: /p}", "channels[0].mqtt.passwordFile: needs usernameFile")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, clientId: 'nas assistant'}", "channels[0].mqtt.clientId: must be 1-128 letters")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, baseTopic: 'home/#'}", "channels[0].mqtt.baseTopic: must be topic levels")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, baseTopic: '$SYS/assistant'}", "channels[0].mqtt.baseTopic: must be topic levels")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, baseTopic: 'home//assistant'}", "channels[0].mqtt.baseTopic: must be topic levels")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, sessionExpirySeconds: 172800}", "channels[0].mqtt.sessionExpirySeconds: must be between 60 and 86400")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b, keepAliveSeconds: 1}", "channels[0].mqtt.keepAliveSeconds: must be between 5 and 3600")]
    [InlineData("allowedUsers: [a]", "mqtt: {host: b}\n  telegram: {tokenFile: t}", "channels[0]: sets telegram and mqtt; a channel has exactly one kind")]
    public void Refuses_WhatCannotWork_NamingTheKey(string users, string kind, string expected)
    {
        var error = Assert.Throws<RuntimeConfigException>(() => GatewayConfigYaml.Parse($"channels:\n- name: home\n  {users}\n  {kind}", "gateway.yaml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
