using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Hosting;
using NasAssistant.Gateway.Leadership;
using NasAssistant.Gateway.Tests.Fakes.Telegram;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Support;

/// <summary>A gateway in this process with one channel (a Telegram bot on the fake Bot API, or any other kind) and the real assistant, its secrets in files.</summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    public const long Alice = 111_111;
    public const long Bob = 222_222;
    public const long FamilyGroup = -100_555;
    public const string Channel = "family";

    private GatewayUnderTest(GatewayHost host, GatewayConfig config, CapturedLogs logs)
    {
        Host = host;
        Config = config;
        Logs = logs;
    }

    internal GatewayHost Host { get; }

    public GatewayConfig Config { get; }

    public CapturedLogs Logs { get; }

    public Uri StatusAddress => new($"http://127.0.0.1:{Host.StatusPort}");

    /// <summary>The first channel's webhook, where its platform posts.</summary>
    public Uri WebhookAddress => new($"http://127.0.0.1:{Host.WebhookPort}{GatewayDefaults.WebhookPathPrefix}{Config.Channels[0].Name}");

    /// <summary>The first channel's folder in the data folder (its journal and inbox).</summary>
    public string ChannelDirectory => Path.Combine(Config.DataDirectory, "channels", Config.Channels[0].Name);

    /// <summary>Lease timings short enough for a takeover within a test: a two-second lease, retried every 200 ms.</summary>
    public static LeaseElectionOptions FastLeaseTimings => new()
    {
        LeaseNamespace = string.Empty,
        LeaseName = string.Empty,
        Identity = string.Empty,
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromMilliseconds(1500),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>The configuration of a gateway on <paramref name="telegram"/>: Alice may talk privately, the family group is allowed.</summary>
    public static GatewayConfig Configure(TempDirectory directory, FakeTelegramBotApi telegram, Uri assistant, string? webhookUrl = null, string? dataDirectory = null)
    {
        var token = directory.File("telegram-token");
        File.WriteAllText(token, telegram.Token + "\n");
        TelegramWebhookConfig? webhook = null;
        if (webhookUrl is not null)
        {
            File.WriteAllText(directory.File("webhook-secret"), "s3cret-Webhook_token");
            webhook = new TelegramWebhookConfig { Url = webhookUrl, SecretTokenFile = directory.File("webhook-secret") };
        }

        return Configure(directory, new ChannelConfig
        {
            Name = Channel,
            AllowedUsers = [Alice.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            AllowedChats = [FamilyGroup.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Telegram = new TelegramChannelConfig { TokenFile = token, ApiBaseUrl = telegram.BaseUrl, PollTimeoutSeconds = 2, Webhook = webhook },
        }, assistant, dataDirectory);
    }

    /// <summary>The configuration of a gateway with <paramref name="channel"/> on loopback ports chosen by the system, with the assistant's gateway key.</summary>
    public static GatewayConfig Configure(TempDirectory directory, ChannelConfig channel, Uri assistant, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var apiKey = directory.File("assistant-key");
        File.WriteAllText(apiKey, AssistantServer.GatewayKey + "\n");
        return new GatewayConfig
        {
            Assistant = new GatewayAssistantConfig { Url = assistant.ToString(), ApiKeyFile = apiKey, TimeoutSeconds = 60 },
            Server = new GatewayServerConfig { BindAddress = "127.0.0.1", StatusPort = 0, WebhookPort = 0 },
            DataDirectory = dataDirectory ?? directory.File("gateway-data"),
            Channels = [channel],
        };
    }

    internal static async Task<GatewayUnderTest> StartAsync(GatewayConfig config, Func<IServiceProvider, ILeadership>? leadership = null, NasAssistant.Hosting.Kube.KubeApi? kubernetes = null)
    {
        var logs = new CapturedLogs();
        var host = GatewayHost.Create(config, new GatewayHostOptions
        {
            HandleSignals = false,
            ConsoleLogging = false,
            ConfigureLogging = b => b.AddProvider(logs),
            FilePollInterval = TimeSpan.FromMilliseconds(200),
            Leadership = leadership,
            Kubernetes = kubernetes,
            StatusInterval = TimeSpan.FromMilliseconds(100),
        });
        await host.StartAsync();
        return new GatewayUnderTest(host, config, logs);
    }

    /// <summary>The channel's status as <c>/status</c> serves it.</summary>
    public async Task<JsonElement> StatusAsync()
    {
        using var http = new HttpClient();
        var document = await http.GetFromJsonAsync<JsonElement>(new Uri(StatusAddress, GatewayDefaults.StatusPath));
        return document.GetProperty("channels")[0];
    }

    /// <summary>Waits until the channel's status has <paramref name="reason"/>.</summary>
    public async Task WaitForReasonAsync(string reason, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = default(JsonElement);
        while (DateTime.UtcNow < deadline)
        {
            last = await StatusAsync();
            if (last.GetProperty("reason").GetString() == reason)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"status never became {reason}; last: {last}");
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
