using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Gateway.Metrics;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels.Mqtt;

/// <summary>
/// An MQTT broker that home automation asks through (see <see cref="MqttChannelConfig"/>). The gateway connects
/// with MQTT 5, a stable client id and a persistent session (clean start off, a session expiry), and answers in
/// <see cref="MqttSession"/>s; a lost connection, a refused login or a failed answer ends one, and the next
/// connects after a backoff from 1 to 60 seconds (at once when a secret file changes), where the broker
/// redelivers every question not yet acknowledged. The username and password come from secret files, TLS
/// trusts the configured CA file alone. The status shows connected, unreachable, bad credentials
/// (<see cref="ChannelReasons.BadToken"/>), a secret missing, or the client id taken by another client.
/// </summary>
internal sealed partial class MqttChannel : IChannelAdapter
{
    /// <summary>Questions the broker may send before earlier ones are acknowledged (MQTT 5 Receive Maximum).</summary>
    public const ushort InFlightLimit = 32;

    private const uint MaximumPacketBytes = 256 * 1024;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private readonly ChannelContext _context;
    private readonly MqttChannelConfig _config;
    private readonly MqttTopics _topics;
    private readonly string _clientId;
    private readonly string _broker;
    private readonly SecretFile? _username;
    private readonly SecretFile? _password;
    private readonly TrustedAuthority? _authority;
    private readonly ILogger _logger;
    private volatile CancellationTokenSource _secretsChanged = new();

    /// <summary>Opens the channel's secret and CA files; nothing connects before <see cref="RunAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">The CA file holds no certificate.</exception>
    public MqttChannel(ChannelContext context)
    {
        _context = context;
        _config = context.Config.Mqtt!;
        _logger = context.Loggers.CreateLogger<MqttChannel>();
        _topics = MqttTopics.Of(context.Config);
        _clientId = _config.ClientId ?? $"nas-assistant-{context.Config.Name}";
        _broker = $"{_config.Host}:{_config.BrokerPort()}{(_config.Tls is null ? string.Empty : " (TLS)")}";
        if (_config.UsernameFile is { } username)
        {
            _username = context.OpenSecret(username);
            _username.Changed += SecretsChanged;
        }

        if (_config.PasswordFile is { } password)
        {
            _password = context.OpenSecret(password);
            _password.Changed += SecretsChanged;
        }

        if (_config.Tls?.CaFile is { } caFile)
        {
            _authority = new TrustedAuthority(caFile, $"channels.{context.Config.Name}.mqtt.tls.caFile", context.FilePollInterval, context.Loggers.CreateLogger<TrustedAuthority>());
        }
    }

    /// <inheritdoc />
    public async Task RunAsync(TurnHandler turns, CancellationToken cancellationToken)
    {
        var retry = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            // A changed secret ends the attempt, or the wait after it: fixed credentials should work at once.
            var changed = _secretsChanged.Token;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, changed);
            var started = _context.Time.GetTimestamp();
            var healthy = false;
            MqttSession? session = null;
            try
            {
                session = await MqttSession.ConnectAsync(Options(), _topics, turns, _context, attempt.Token);
                _context.Health.Report(true, ChannelReasons.Connected, $"subscribed to {_topics.AskFilter} at {_broker}");
                LogConnected(_context.Config.Name, _broker, _clientId);
                await session.Ended.WaitAsync(attempt.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (changed.IsCancellationRequested)
            {
                LogReconnecting(_context.Config.Name);
                continue;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // What failed inside a session was counted where it failed; a failed connection is counted here.
                ReportFailure(e, counted: session is not null);
            }
            finally
            {
                if (session is not null)
                {
                    healthy = session.AnsweredAny || _context.Time.GetElapsedTime(started) >= LastRetry;
                    await session.DisposeAsync();
                }
            }

            // A session that answered or held a while was sound: the backoff starts afresh.
            retry = healthy ? FirstRetry : retry;
            await Task.Delay(retry, _context.Time, attempt.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }

        _context.Health.Report(false, ChannelReasons.Standby, "not the active gateway instance");
    }

    /// <inheritdoc />
    public Task HandleWebhookAsync(HttpContext context, TurnHandler turns)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _authority?.Dispose();
        _secretsChanged.Dispose();
        return ValueTask.CompletedTask;
    }

    private MqttClientOptions Options()
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_config.Host, _config.BrokerPort())
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_clientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_config.SessionExpirySeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(_config.KeepAliveSeconds))
            .WithReceiveMaximum(InFlightLimit)
            .WithMaximumPacketSize(MaximumPacketBytes)
            .WithTimeout(ConnectTimeout);
        if (_username is not null)
        {
            var username = Read(_username);
            options = _password is null ? options.WithCredentials(username, (byte[]?)null) : options.WithCredentials(username, Read(_password));
        }

        if (_config.Tls is not null)
        {
            options = options.WithTlsOptions(tls =>
            {
                tls.UseTls();
                if (_authority is { } authority)
                {
                    tls.WithCertificateValidationHandler(check => authority.Validate(check.Certificate, check.SslPolicyErrors));
                }
            });
        }

        return options.Build();
    }

    private static string Read(SecretFile secret) =>
        secret.Value ?? throw new SecretUnavailableException(secret.Problem ?? $"secret file {secret.Path} is empty");

    private void ReportFailure(Exception e, bool counted)
    {
        var (reason, message) = e switch
        {
            SecretUnavailableException => (ChannelReasons.SecretMissing, e.Message),
            MqttBrokerException { Reason: ChannelReasons.BadToken } => (ChannelReasons.BadToken, $"{e.Message} ({_broker}): check {Credentials()}"),
            MqttBrokerException broker => (broker.Reason, $"{broker.Message} ({_broker})"),
            AssistantUnavailableException => (ChannelReasons.AssistantUnavailable, $"{e.Message}; questions wait on the broker until it answers"),
            _ => (ChannelReasons.Unreachable, $"the broker at {_broker} failed: {Describe(e)}"),
        };
        if (!counted)
        {
            _context.Metrics.Failed(ErrorStage.Receive);
        }

        var shown = _context.Redact(message);
        _context.Health.Report(false, reason, shown);
        LogFailed(_context.Config.Name, reason, shown);
    }

    /// <summary>Where the login the broker refused comes from.</summary>
    private string Credentials() => (_username, _password) switch
    {
        (null, _) => "the broker's anonymous access",
        ({ } username, null) => username.Path,
        ({ } username, { } password) => $"{username.Path} and {password.Path}",
    };

    /// <summary>The messages of <paramref name="e"/> and its causes (MQTTnet wraps the socket's and TLS's).</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (var cause = e; cause is not null; cause = cause.InnerException)
        {
            if (!messages.Contains(cause.Message, StringComparer.Ordinal))
            {
                messages.Add(cause.Message);
            }
        }

        return string.Join(": ", messages);
    }

    private void SecretsChanged()
    {
        // Not disposed: an attempt may still be linking to its token, and a source without a timer holds nothing to free.
        Interlocked.Exchange(ref _secretsChanged, new CancellationTokenSource()).Cancel();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: connected to the MQTT broker at {Broker} as client {ClientId}")]
    private partial void LogConnected(string channel, string broker, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel}: a secret file changed; reconnecting")]
    private partial void LogReconnecting(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: {Reason}: {Message}")]
    private partial void LogFailed(string channel, string reason, string message);
}
