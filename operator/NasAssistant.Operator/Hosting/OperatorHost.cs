using System.Net;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Kube;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Operator.Controller;
using Prometheus;

namespace NasAssistant.Operator.Hosting;

/// <summary>
/// The process behind <c>operator run</c>: the controller as a hosted service, and a separate port
/// with <c>/metrics</c> (Prometheus), <c>/healthz</c> (the process is alive) and <c>/readyz</c>
/// (informers synced, or standing by as a non-leader). Stops cleanly on SIGTERM or Ctrl-C.
/// </summary>
internal sealed class OperatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OperatorHost(WebApplication app) => _app = app;

    /// <summary>Completes once the metrics port is listening (<see cref="MetricsUrl"/> is then set).</summary>
    public Task Started => _started.Task;

    /// <summary>Base URL of the metrics/health port once started, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public Uri MetricsUrl { get; private set; } = new("http://127.0.0.1/");

    public ControllerHealth Health => _app.Services.GetRequiredService<ControllerHealth>();

    public ControllerService Controller => _app.Services.GetServices<IHostedService>().OfType<ControllerService>().Single();

    /// <summary>Builds the host; <paramref name="registry"/> defaults to prometheus-net's default registry (with process metrics).</summary>
    public static OperatorHost Create(RunOptions options, KubernetesClientConfiguration kubernetes, ReconcilerFactory reconcilerFactory, CollectorRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(reconcilerFactory);
        registry ??= Metrics.DefaultRegistry;

        var builder = WebApplication.CreateSlimBuilder();
        ConfigureLogging(builder.Logging, options);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.MetricsBindAddress), options.MetricsPort));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(25));

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new KubeApi(kubernetes, userAgent: Resources.Naming.FieldManager));
        services.AddSingleton(options.Settings);
        services.AddSingleton(new ControllerMetrics(registry));
        services.AddSingleton<ControllerHealth>();
        services.AddSingleton(new ControllerOptions
        {
            Namespace = options.Namespace,
            Workers = options.Workers,
            ResyncPeriod = TimeSpan.FromSeconds(options.ResyncSeconds),
        });
        services.AddSingleton(sp => reconcilerFactory(
            sp.GetRequiredService<KubeApi>(), options.Settings, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        if (options.LeaderElection)
        {
            services.AddSingleton(sp => new LeaseElection(
                sp.GetRequiredService<KubeApi>(),
                new LeaseElectionOptions
                {
                    LeaseNamespace = options.LeaseNamespace ?? KubernetesConnection.DefaultLeaseNamespace(),
                    LeaseName = options.LeaseName,
                    Identity = LeaseElectionOptions.NewIdentity(),
                },
                sp.GetRequiredService<ControllerMetrics>().SetLeader,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<LeaseElection>>()));
        }

        services.AddHostedService<ControllerService>();

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (ControllerHealth health) =>
            Results.Text(health.Describe(), statusCode: health.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable));
        app.MapMetrics("/metrics", registry);
        return new OperatorHost(app);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        MetricsUrl = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        _started.TrySetResult();
    }

    /// <summary>Runs until SIGTERM/Ctrl-C or until <paramref name="cancellationToken"/> is cancelled, then stops gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        await _app.WaitForShutdownAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void ConfigureLogging(ILoggingBuilder logging, RunOptions options)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(options.LogLevel);

        // Kestrel and hosting chatter is noise next to the controller's own log.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        if (options.LogFormat == LogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(text =>
            {
                text.SingleLine = true;
                text.UseUtcTimestamp = true;
                text.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
    }
}
