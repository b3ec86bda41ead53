using MQTTnet;
using MQTTnet.Formatter;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Tests.Support;
using NasAssistant.Gateway.Tests.Support.Mqtt;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;
using static NasAssistant.Gateway.Tests.Support.Mqtt.MqttGatewaySetup;

namespace NasAssistant.Gateway.Tests.Channels.Mqtt;

/// <summary>
/// The MQTT channel on a Mosquitto broker with TLS, a password file and an ACL that ties each user's question topic
/// to their login, as the README's trust model describes.
/// </summary>
[Collection(SharedAssistant.Name)]
public sealed class MqttTlsTests(AssistantServer assistant) : IAsyncLifetime, IDisposable
{
    private const string GatewayUser = "nas-gateway";
    private const string GatewayPassword = "gateway pa55word";
    private const string AlicePassword = "alice-secret";
    private const string BobPassword = "bob-secret";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();
    private TestCertificates _certificates = null!;
    private MosquittoBroker _broker = null!;
    private GatewayUnderTest? _gateway;

    public async Task InitializeAsync()
    {
        _certificates = new TestCertificates(_directory.File("broker-tls"));
        Directory.CreateDirectory(_certificates.MountDirectory);
        _certificates.Rotate("mosquitto");
        _broker = await MosquittoBroker.StartAsync(_directory.File("broker"), RuntimeProcess.FreePort(), new MosquittoSecurity(
            Path.Combine(_certificates.MountDirectory, "ca.crt"),
            _certificates.CertificateFile,
            _certificates.KeyFile,
            new Dictionary<string, string> { [GatewayUser] = GatewayPassword, [Alice] = AlicePassword, [Bob] = BobPassword },
            [
                $"user {GatewayUser}",
                $"topic read {Base}/ask/+",
                $"topic write {Base}/answer/#",
                string.Empty,
                $"pattern write {Base}/ask/%u",
                $"pattern read {Base}/answer/%u",
                $"pattern read {Base}/answer/%u/#",
            ]));
        await File.WriteAllTextAsync(_directory.File("username"), GatewayUser + "\n");
        await File.WriteAllTextAsync(_directory.File("password"), GatewayPassword + "\n");
    }

    public async Task DisposeAsync()
    {
        // The broker is a child process: it must go even when stopping the gateway fails.
        try
        {
            if (_gateway is not null)
            {
                await _gateway.DisposeAsync();
            }
        }
        finally
        {
            await _broker.DisposeAsync();
            _certificates.Dispose();
        }
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task OverTls_WithAPasswordFromFiles_QuestionsAreAnswered()
    {
        _gateway = await StartGatewayAsync();
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        await using var alice = await ConnectAsync(Alice, AlicePassword, MqttProtocolVersion.V500);

        await alice.AskAsync(AskTopic(Alice), "What is the guest wifi password?", $"{AnswerTopic(Alice)}/phone", "wifi");
        await alice.WaitUntilAsync(a => a.Count >= 1, Limit, "the answer over TLS");

        Assert.Contains("fridge", Assert.Single(alice.Received).Text, StringComparison.Ordinal);
        Assert.Contains($"{GatewayUser}", _broker.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherLogin_CannotAskInAlicesName_BecauseTheBrokerAclTiesTheTopicToTheLogin()
    {
        _gateway = await StartGatewayAsync();
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        await using var alice = await ConnectAsync(Alice, AlicePassword, MqttProtocolVersion.V500);
        await using var bob = await ConnectAsync(Bob, BobPassword, MqttProtocolVersion.V500);

        var forged = await bob.AskAsync(AskTopic(Alice), "What is the guest wifi password?", $"{AnswerTopic(Bob)}/phone", "forged");
        await alice.AskAsync(AskTopic(Alice), "/start", $"{AnswerTopic(Alice)}/phone", "real");
        await alice.WaitUntilAsync(a => a.Count >= 1, Limit, "Alice's own answer");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
        Assert.Empty(bob.Received);
        Assert.Equal("real", Assert.Single(alice.Received).Correlation);
    }

    [Fact]
    public async Task AnswerToATopicTheGatewayMayNotWrite_IsGivenUp_AndTheUsersNextQuestionIsAnswered()
    {
        _gateway = await StartGatewayAsync();
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        await using var alice = await ConnectAsync(Alice, AlicePassword, MqttProtocolVersion.V500);

        await alice.AskAsync(AskTopic(Alice), "When does the backup run?", $"{Base}/elsewhere/{Alice}", "outside");
        await alice.AskAsync(AskTopic(Alice), "/start", $"{AnswerTopic(Alice)}/phone", "inside");
        await alice.WaitUntilAsync(a => a.Count >= 1, Limit, "the answer inside the ACL");

        Assert.Equal("inside", Assert.Single(alice.Received).Correlation);
        Assert.True(_gateway.Logs.Contains("cannot be delivered and is given up", "NotAuthorized"), string.Join('\n', _gateway.Logs.Lines));
        Assert.True((await _gateway.StatusAsync()).GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task WrongPassword_ShowsBadCredentials_WithoutThePassword_AndAFixedPasswordFileReconnects()
    {
        const string Wrong = "not-the-gateway-password";
        await File.WriteAllTextAsync(_directory.File("password"), Wrong);
        _gateway = await StartGatewayAsync();

        await _gateway.WaitForReasonAsync(ChannelReasons.BadToken, Limit);
        var status = await _gateway.StatusAsync();
        Assert.False(status.GetProperty("ready").GetBoolean());
        var message = status.GetProperty("message").GetString();
        Assert.StartsWith("the broker refused the connection (", message, StringComparison.Ordinal);
        Assert.Contains($"{MosquittoBroker.Host}:{_broker.Port} (TLS)", message, StringComparison.Ordinal);
        Assert.EndsWith($"check {_directory.File("username")} and {_directory.File("password")}", message, StringComparison.Ordinal);

        // Kubernetes swaps a Secret's files atomically: write beside, rename over.
        await File.WriteAllTextAsync(_directory.File("password.new"), GatewayPassword);
        File.Move(_directory.File("password.new"), _directory.File("password"), overwrite: true);
        await _gateway.WaitForReasonAsync(ChannelReasons.Connected, Limit);
        await using var alice = await ConnectAsync(Alice, AlicePassword, MqttProtocolVersion.V311);
        await alice.PublishAsync(AskTopic(Alice), """{"id": "1", "text": "/start"}""");
        await alice.WaitUntilAsync(a => a.Count >= 1, Limit, "the greeting with the fixed password");

        using var http = new HttpClient();
        var everything = string.Join('\n', _gateway.Logs.Lines) + status + await http.GetStringAsync(new Uri(_gateway.StatusAddress, "/metrics"));
        Assert.DoesNotContain(GatewayPassword, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokerCertificateFromAnotherCa_IsRefused_AndShownAsUnreachable()
    {
        using var stranger = new TestCertificates(_directory.File("other-ca"));
        Directory.CreateDirectory(stranger.MountDirectory);
        stranger.Rotate("elsewhere");
        _gateway = await StartGatewayAsync(Path.Combine(stranger.MountDirectory, "ca.crt"));

        await _gateway.WaitForReasonAsync(ChannelReasons.Unreachable, Limit);
        var message = (await _gateway.StatusAsync()).GetProperty("message").GetString();
        Assert.Contains("certificate", message, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<GatewayUnderTest> StartGatewayAsync(string? caFile = null) =>
        await GatewayUnderTest.StartAsync(Configure(_directory, _broker, assistant.BaseAddress, mqtt => mqtt with
        {
            Tls = new MqttTlsConfig { CaFile = caFile ?? Path.Combine(_certificates.MountDirectory, "ca.crt") },
            UsernameFile = _directory.File("username"),
            PasswordFile = _directory.File("password"),
        }));

    private Task<MqttAsker> ConnectAsync(string user, string password, MqttProtocolVersion version) =>
        MqttAsker.ConnectAsync(_broker, $"{user}-phone", version, $"{AnswerTopic(user)}/#", (user, password), _certificates);
}
