using System.Net;
using System.Text.Json;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Leadership;
using NasAssistant.Gateway.Status;
using NasAssistant.Hosting;
using NasAssistant.Hosting.Kube;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Runtime.Config.Gateway;
using Prometheus;

namespace NasAssistant.Gateway.Hosting;

/// <summary>
/// The channel gateway (<c>runtime gateway --config FILE</c>): one <see cref="ChannelRunner"/> per channel, all
/// receiving only while this instance leads; the status port (<c>/status</c>, <c>/metrics</c>, <c>/healthz</c>,
/// <c>/readyz</c>) and, when a channel takes webhooks, the webhook port.
/// </summary>
internal sealed partial class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GatewayConfig _config;
    private readonly IReadOnlyList<ChannelRunner> _channels;
    private readonly ILeadership _leadership;
    private readonly ChannelStatusPublisher? _publisher;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Listeners _listeners;
    private Task _leading = Task.CompletedTask;

    private GatewayHost(
        WebApplication app, GatewayConfig config, IReadOnlyList<ChannelRunner> channels, ILeadership leadership, ChannelStatusPublisher? publisher, Listeners listeners)
    {
        _app = app;
        _config = config;
        _channels = channels;
        _leadership = leadership;
        _publisher = publisher;
        _listeners = listeners;
        _logger = app.Services.GetRequiredService<ILogger<GatewayHost>>();
    }

    /// <summary>The status port actually bound.</summary>
    public int StatusPort => _listeners.Status?.IPEndPoint?.Port ?? _config.Server.StatusPort;

    /// <summary>The webhook port actually bound, or null when no channel takes webhooks.</summary>
    public int? WebhookPort => _listeners.Webhook is { } webhook ? webhook.IPEndPoint?.Port ?? _config.Server.WebhookPort : null;

    /// <summary>True while this instance is the active one.</summary>
    public bool IsLeader => _leadership.IsLeader;

    /// <summary>The channels, for their health.</summary>
    public IReadOnlyList<ChannelRunner> Channels => _channels;

    /// <summary>Builds the gateway; nothing listens or receives until <see cref="StartAsync"/>.</summary>
    /// <exception cref="GatewayStartupException">The CA file cannot be used.</exception>
    public static GatewayHost Create(GatewayConfig config, GatewayHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new GatewayHostOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        options.ConfigureLogging?.Invoke(builder.Logging);
        if (!options.HandleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        }

        builder.Services.AddSingleton(sp => new AssistantClient(config.Assistant, options.FilePollInterval, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => config.Channels
            .Select(c => new ChannelRunner(c, sp.GetRequiredService<AssistantClient>(), config.DataDirectory, options.Time, sp.GetRequiredService<ILoggerFactory>(), options.FilePollInterval))
            .ToList());
        builder.Services.AddSingleton(sp => options.Leadership?.Invoke(sp) ?? DefaultLeadership(config, options, sp));
        // A given client stays its giver's to dispose; the in-cluster one is the host's.
        if (options.Kubernetes is { } kubernetes)
        {
            builder.Services.AddSingleton(kubernetes);
        }
        else if (config.Lease is not null)
        {
            builder.Services.AddSingleton(_ => new KubeApi(KubernetesClientConfiguration.InClusterConfig(), userAgent: GatewayDefaults.FieldManager));
        }

        if (config is { Lease: { } lease, StatusConfigMap: { } statusConfigMap })
        {
            builder.Services.AddSingleton(sp => new ChannelStatusPublisher(
                sp.GetRequiredService<KubeApi>(), PodNamespace.Of(lease), statusConfigMap, GatewayConfigYaml.Digest(config),
                () => [.. sp.GetRequiredService<List<ChannelRunner>>().Select(c => c.Context.Health.Current)],
                options.StatusInterval, options.Time, sp.GetRequiredService<ILogger<ChannelStatusPublisher>>()));
        }

        var listeners = new Listeners { OpenWebhookPort = config.Channels.Any(c => ChannelKinds.Of(c).TakesWebhooks(c)) };
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1 << 20;
            var address = string.IsNullOrEmpty(config.Server.BindAddress) ? null : IPAddress.Parse(config.Server.BindAddress);
            Listen(kestrel, address, config.Server.StatusPort, listen => listeners.Status = listen);
            if (listeners.OpenWebhookPort)
            {
                Listen(kestrel, address, config.Server.WebhookPort, listen => listeners.Webhook = listen);
            }
        });

        var app = builder.Build();
        List<ChannelRunner> channels;
        try
        {
            channels = app.Services.GetRequiredService<List<ChannelRunner>>();
        }
        catch (InvalidOperationException e)
        {
            throw new GatewayStartupException(e.Message, e);
        }

        var host = new GatewayHost(
            app, config, channels, app.Services.GetRequiredService<ILeadership>(), app.Services.GetService<ChannelStatusPublisher>(), listeners);
        app.MapWhen(context => context.Connection.LocalPort == host.StatusPort, status =>
        {
            status.UseMetricServer("/metrics");
            status.UseRouting();
            status.UseEndpoints(endpoints =>
            {
                endpoints.MapGet(GatewayDefaults.LivePath, () => Results.Text("ok"));
                endpoints.MapGet(GatewayDefaults.ReadyPath, () => host.IsLeader
                    ? Results.Text("active")
                    : Results.Text("standby: another gateway instance is active", statusCode: StatusCodes.Status503ServiceUnavailable));
                endpoints.MapGet(GatewayDefaults.StatusPath, host.WriteStatusAsync);
            });
        });
        var byName = channels.ToDictionary(c => c.Context.Config.Name, StringComparer.Ordinal);
        app.Map(GatewayDefaults.WebhookPathPrefix.TrimEnd('/'), webhooks => webhooks.Run(context =>
        {
            var name = context.Request.Path.Value?.Trim('/') ?? string.Empty;
            if (!byName.TryGetValue(name, out var channel) || !channel.TakesWebhooks)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return channel.HandleWebhookAsync(context);
        }));
        return host;
    }

    /// <summary>Binds the ports and starts contending for leadership.</summary>
    /// <exception cref="GatewayStartupException">A port is already in use.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            throw new GatewayStartupException($"a gateway port is already in use (server.statusPort {_config.Server.StatusPort}, server.webhookPort {_config.Server.WebhookPort}): {e.Message}", e);
        }

        LogStarted(_channels.Count, StatusPort);
        _leading = Task.Run(() => _leadership.RunAsync(LeadAsync, _stopping.Token), CancellationToken.None);
    }

    /// <summary>Completes after a shutdown signal.</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _leading;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        await _app.DisposeAsync();
        foreach (var channel in _channels)
        {
            await channel.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private Task LeadAsync(CancellationToken term) =>
        Task.WhenAll(_channels.Select(c => c.RunTermAsync(term)).Append(_publisher?.RunAsync(term) ?? Task.CompletedTask));

    private async Task WriteStatusAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteBoolean("active", IsLeader);
        json.WriteStartArray("channels");
        foreach (var status in _channels.Select(c => c.Context.Health.Current))
        {
            json.WriteStartObject();
            json.WriteString("name", status.Channel);
            json.WriteString("kind", status.Kind);
            json.WriteBoolean("ready", status.Ready);
            json.WriteString("reason", status.Reason);
            json.WriteString("message", status.Message);
            json.WriteString("since", status.Since);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static ILeadership DefaultLeadership(GatewayConfig config, GatewayHostOptions options, IServiceProvider services) =>
        config.Lease is not null
            ? LeaseLeadership.Create(services.GetRequiredService<KubeApi>(), config, options.Time, services.GetRequiredService<ILogger<LeaseElection>>())
            : new FileLockLeadership(config.DataDirectory, options.Time, services.GetRequiredService<ILogger<FileLockLeadership>>());

    private static void Listen(KestrelServerOptions kestrel, IPAddress? address, int port, Action<ListenOptions> configure)
    {
        if (address is null)
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else
        {
            kestrel.Listen(address, port, configure);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway started: {Channels} channels, status on port {Port}")]
    private partial void LogStarted(int channels, int port);

    private sealed class Listeners
    {
        public bool OpenWebhookPort { get; init; }

        public ListenOptions? Status { get; set; }

        public ListenOptions? Webhook { get; set; }
    }
}
