using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Support.Mqtt;

/// <summary>Configurations of a gateway with one MQTT channel, <see cref="Channel"/>, on a <see cref="MosquittoBroker"/>: Alice and Carol may ask, Bob may not.</summary>
public static class MqttGatewaySetup
{
    public const string Channel = "home";
    public const string Alice = "alice";
    public const string Bob = "bob";
    public const string Carol = "carol";
    public const string Base = "nas-assistant/home";

    public static string AskTopic(string user) => $"{Base}/ask/{user}";

    public static string AnswerTopic(string user) => $"{Base}/answer/{user}";

    /// <summary>The configuration; <paramref name="mqtt"/> adds TLS or a login to the plain anonymous connection.</summary>
    public static GatewayConfig Configure(TempDirectory directory, MosquittoBroker broker, Uri assistant, Func<MqttChannelConfig, MqttChannelConfig>? mqtt = null)
    {
        var apiKey = directory.File("assistant-key");
        File.WriteAllText(apiKey, AssistantServer.GatewayKey + "\n");
        return new GatewayConfig
        {
            Assistant = new GatewayAssistantConfig { Url = assistant.ToString(), ApiKeyFile = apiKey, TimeoutSeconds = 60 },
            Server = new GatewayServerConfig { BindAddress = "127.0.0.1", StatusPort = 0, WebhookPort = 0 },
            DataDirectory = directory.File("gateway-data"),
            Channels =
            [
                new ChannelConfig
                {
                    Name = Channel,
                    AllowedUsers = [Alice, Carol],
                    Mqtt = (mqtt ?? (c => c))(new MqttChannelConfig { Host = MosquittoBroker.Host, Port = broker.Port, KeepAliveSeconds = 5 }),
                },
            ],
        };
    }
}
