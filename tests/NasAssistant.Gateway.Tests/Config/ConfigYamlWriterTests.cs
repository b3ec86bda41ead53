using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace NasAssistant.Gateway.Tests.Config;

/// <summary>
/// Configs are written from their JSON contracts (so the Native AOT operator can write them); the bytes must stay what
/// YamlDotNet's reflection serializer wrote with the same conventions, so rendered ConfigMaps, and their digests, do not change.
/// </summary>
public sealed class ConfigYamlWriterTests
{
    private static readonly ISerializer Reflecting = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .DisableAliases()
        .Build();

    public static TheoryData<string> AwkwardStrings => ["", " ", "*", "true", "no", "123", "1e3", "0x1F", "a: b", "- x", "#c", "line1\nline2", "ümlaut 漢字", "'quoted'", "\"dq\"", "~", "null"];

    [Theory]
    [MemberData(nameof(AwkwardStrings))]
    public void RuntimeConfig_IsWrittenAsTheReflectionSerializerWroteIt(string awkward)
    {
        var config = new RuntimeConfig
        {
            Server = new ServerConfig { BindAddress = awkward, ApiKeysFile = "/etc/keys", Tls = new TlsConfig { Enabled = true, CertificateFile = awkward } },
            Model = new ModelConfig { Name = awkward, Path = "/models/m.onnx", Sha256 = "1234", Quantization = QuantizationMode.Int8, GraphOptimization = GraphOptimization.Basic, Threads = 3 },
            Conversations = new ConversationConfig { MaxConversationBytes = 1L << 40, EncryptionKeyFile = awkward },
            Knowledge = new KnowledgeConfig { Directory = "/data/knowledge" },
        };

        var written = RuntimeConfigYaml.Serialize(config);

        Assert.Equal(Reflecting.Serialize(config), written);
    }

    [Fact]
    public void GatewayConfig_WithEveryChannelKind_IsWrittenAsTheReflectionSerializerWroteIt()
    {
        var config = new GatewayConfig
        {
            Lease = new GatewayLeaseConfig { Name = "family-gateway", Namespace = "assistants" },
            StatusConfigMap = "family-gateway-status",
            Channels =
            [
                new ChannelConfig { Name = "tg", AllowedUsers = ["42", "true"], Telegram = new TelegramChannelConfig() },
                new ChannelConfig { Name = "office", AllowedChats = [""], WeCom = new WeComChannelConfig() },
                new ChannelConfig { Name = "ding", DingTalk = new DingTalkChannelConfig() },
                new ChannelConfig { Name = "lark", Feishu = new FeishuChannelConfig() },
                new ChannelConfig { Name = "hooks", Webhook = new WebhookChannelConfig { Slack = new SlackWebhookConfig() } },
                new ChannelConfig { Name = "home", Mqtt = new MqttChannelConfig { Host = "broker.lan", Tls = new MqttTlsConfig() } },
            ],
        };

        var written = GatewayConfigYaml.Serialize(config);

        Assert.Equal(Reflecting.Serialize(config), written);
        Assert.Contains("wecom:", written, StringComparison.Ordinal);
        Assert.Contains("dingtalk:", written, StringComparison.Ordinal);
    }
}
