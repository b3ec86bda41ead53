using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using NasAssistant.Hosting;
using NasAssistant.Runtime.Api;
using NasAssistant.Runtime.Api.Http;
using NasAssistant.Runtime.Chat;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Json;
using NasAssistant.Runtime.Knowledge;
using NasAssistant.Runtime.Metrics;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Security;
using Prometheus;

namespace NasAssistant.Runtime.Hosting;

/// <summary>
/// The inference server: the API port (HTTP or HTTPS, optional API keys) and the plain-HTTP metrics
/// port, over one model. Used by the executable and embedded as is by tests and benchmarks.
/// </summary>
internal sealed class RuntimeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RuntimeConfig _config;
    private readonly ListenOptionsHolder _listeners;

    private RuntimeServer(WebApplication app, RuntimeConfig config, ListenOptionsHolder listeners)
    {
        _app = app;
        _config = config;
        _listeners = listeners;
    }

    /// <summary>The model this server serves.</summary>
    public ModelHost ModelHost => _app.Services.GetRequiredService<ModelHost>();

    /// <summary>The API port actually bound (differs from the configuration when that asks for 0).</summary>
    public int ApiPort => _listeners.Api?.IPEndPoint?.Port ?? _config.Server.Port;

    /// <summary>The metrics port actually bound.</summary>
    public int MetricsPort => _listeners.Metrics?.IPEndPoint?.Port ?? _config.Server.MetricsPort;

    /// <summary>The knowledge base, when <c>knowledge.directory</c> is set.</summary>
    public KnowledgeBase? Knowledge => _app.Services.GetService<KnowledgeBase>();

    /// <summary>The serving certificate, when TLS is on.</summary>
    public CertificateReloader? Certificates => _app.Services.GetService<CertificateReloader>();

    /// <summary>Builds the server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <exception cref="RuntimeStartupException">The TLS certificate cannot be loaded.</exception>
    public static RuntimeServer Create(RuntimeConfig config, RuntimeServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new RuntimeServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseKestrelHttpsConfiguration();

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
        options.ConfigureLogging?.Invoke(builder.Logging);

        var limits = options.Limits ?? ContainerLimits.Detect();
        var server = config.Server;
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(sp => new QuantizedModelCache(sp.GetRequiredService<ILogger<QuantizedModelCache>>()));
        builder.Services.AddSingleton(sp => new ModelHost(
            config, limits.WholeCores, options.Cpu ?? CpuFeatures.Current, sp.GetRequiredService<QuantizedModelCache>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<ILogger<ModelHost>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ModelHost>());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => ConversationStore.Open(config.Conversations, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ConversationStore>>()));
        builder.Services.AddHostedService<ConversationMaintenance>();
        if (config.Knowledge is { Directory: not null } knowledge)
        {
            builder.Services.AddSingleton(sp => new KnowledgeBase(knowledge, sp.GetRequiredService<ModelHost>(), sp.GetRequiredService<ILogger<KnowledgeBase>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<KnowledgeBase>());
        }

        builder.Services.AddSingleton(sp => new ChatService(
            sp.GetRequiredService<ModelHost>(), sp.GetRequiredService<ConversationStore>(), sp.GetService<KnowledgeBase>()));
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(server.DrainTimeoutSeconds));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, RuntimeJsonContext.Default);
            o.SerializerOptions.Encoder = Utf8Json.Encoder;
        });
        if (!options.HandleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        }

        // Created right after Build (so a bad certificate stops startup at once) and used by Kestrel
        // when it binds; both log through the app's logging and are disposed with the app.
        CertificateReloader? certificates = null;
        if (server.Tls.Enabled)
        {
            builder.Services.AddSingleton(sp => new CertificateReloader(
                server.Tls.CertificateFile!, server.Tls.KeyFile!, options.FilePollInterval, sp.GetRequiredService<ILogger<CertificateReloader>>()));
        }

        if (!string.IsNullOrEmpty(server.ApiKeysFile) || !string.IsNullOrEmpty(server.GatewayKeyFile))
        {
            builder.Services.AddSingleton(sp => new ApiKeyStore(
                NullIfEmpty(server.ApiKeysFile), NullIfEmpty(server.GatewayKeyFile), options.FilePollInterval, sp.GetRequiredService<ILogger<ApiKeyStore>>()));
        }

        var listeners = new ListenOptionsHolder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = server.MaxRequestBodyBytes;
            var address = string.IsNullOrEmpty(server.BindAddress) ? null : IPAddress.Parse(server.BindAddress);
            Listen(kestrel, address, server.Port, listen =>
            {
                listeners.Api = listen;
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (server.Tls.Enabled)
                {
                    listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        // Asked per connection, so a reloaded certificate serves the next handshake.
                        OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                        {
                            ServerCertificateContext = certificates!.Current,
                            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                        }),
                    });
                }
                else
                {
                    listen.Protocols = HttpProtocols.Http1;
                }
            });
            Listen(kestrel, address, server.MetricsPort, listen =>
            {
                listeners.Metrics = listen;
                listen.Protocols = HttpProtocols.Http1;
            });
        });

        var app = builder.Build();
        if (server.Tls.Enabled)
        {
            try
            {
                certificates = app.Services.GetRequiredService<CertificateReloader>();
            }
            catch (InvalidOperationException e)
            {
                throw new RuntimeStartupException(e.Message, e);
            }
        }

        // Opened now so that an unusable folder or a wrong key stops startup with its reason.
        try
        {
            app.Services.GetRequiredService<ConversationStore>();
        }
        catch (ConversationStoreException e)
        {
            throw new RuntimeStartupException(e.Message, e);
        }
        try
        {
            app.Services.GetService<KnowledgeBase>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeStartupException($"knowledge.directory {config.Knowledge!.Directory} is unusable: {e.Message}", e);
        }

        ApiKeyStore? keys;
        try
        {
            keys = app.Services.GetService<ApiKeyStore>();
        }
        catch (InvalidDataException e)
        {
            throw new RuntimeStartupException(e.Message, e);
        }

        var result = new RuntimeServer(app, config, listeners);

        // The metrics port serves /metrics only, without TLS or keys, so Prometheus needs neither.
        app.MapWhen(
            context => context.Connection.LocalPort == result.MetricsPort,
            metrics => metrics.UseMetricServer("/metrics"));
        app.UseRouting();
        app.UseMiddleware<HttpMetricsMiddleware>();

        // Inside the metrics middleware, so that an error is counted with the status it was answered with.
        app.UseExceptionHandler(ApiExceptionHandler.Options);
        app.Use(next => new CallerMiddleware(next, keys).InvokeAsync);
        ApiEndpoints.Map(app);
        RuntimeMetrics.RegisterScrapeCallbacks();
        RuntimeMetrics.CpuLimitCores.Set(limits.CpuCores);
        RuntimeMetrics.MemoryLimitBytes.Set(limits.MemoryBytes);
        return result;
    }

    /// <summary>Binds the ports and starts loading the model.</summary>
    /// <exception cref="RuntimeStartupException">A port is already in use.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            var port = e.Message.Contains($":{_config.Server.MetricsPort}", StringComparison.Ordinal)
                ? $"{_config.Server.MetricsPort} (server.metricsPort)"
                : $"{_config.Server.Port} (server.port)";
            throw new RuntimeStartupException($"port {port} is already in use: {e.Message}", e);
        }

        LocalTimeZoneLog.Write(_app.Services.GetRequiredService<ILogger<RuntimeServer>>(), Environment.GetEnvironmentVariable("TZ"), TimeZoneInfo.Local);
    }

    /// <summary>Completes after a shutdown signal (or <see cref="StopAsync"/>) once in-flight requests have drained.</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <summary>Stops accepting connections and drains in-flight requests (bounded by the drain timeout).</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

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

    private sealed class ListenOptionsHolder
    {
        public ListenOptions? Api { get; set; }

        public ListenOptions? Metrics { get; set; }
    }
}
