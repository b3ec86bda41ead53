using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.FakeKube.Api;
using NasAssistant.FakeKube.Controllers;
using NasAssistant.FakeKube.Controllers.Nodes;
using NasAssistant.FakeKube.Diagnostics;
using NasAssistant.FakeKube.Faults;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (random port) for integration tests: the real
/// KubernetesClient talks to it over HTTP.
/// </summary>
/// <example>
/// <code>
/// await using var fake = await FakeKubeServer.StartAsync();
/// var client = fake.CreateClient();   // or new Kubernetes(new KubernetesClientConfiguration { Host = fake.Url })
/// fake.Faults.FailRandomly(0.2, "update");
/// await fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.FromMilliseconds(200));
/// var writes = fake.Requests.CountWrites();
/// </code>
/// </example>
public sealed class FakeKubeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly ClusterControllers _cluster;

    private FakeKubeServer(WebApplication app, CancellationTokenSource stopping, ResourceStore store, RequestLog requests, FaultInjector faults, SimulatedControllers controllers, ClusterControllers cluster)
    {
        _app = app;
        _stopping = stopping;
        _cluster = cluster;
        Store = store;
        Requests = requests;
        Faults = faults;
        Controllers = controllers;
    }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c>; use as KubernetesClientConfiguration.Host.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Direct access to stored objects (no HTTP, no faults, not logged).</summary>
    public ResourceStore Store { get; }

    /// <summary>Every HTTP request answered, with verb and status code.</summary>
    public RequestLog Requests { get; }

    /// <summary>Error rates, latency, dropped watches, forced conflicts.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Stand-ins for the Deployment and HPA controllers, off until enabled.</summary>
    public SimulatedControllers Controllers { get; }

    public static async Task<FakeKubeServer> StartAsync(FakeKubeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeKubeOptions();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var hub = new WatchHub(options.WatchHistorySize);
        var store = new ResourceStore(new ResourceRegistry(), hub, new CelRuleEvaluator(), options.TimeProvider);
        foreach (var ns in options.Namespaces)
        {
            store.Create(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        foreach (var (node, index) in options.Nodes.Select((n, i) => (n, i)))
        {
            store.Create(NodeFactory.Create(node, index, options.TimeProvider.GetUtcNow()));
        }

        foreach (var storageClass in FakeStorageClasses.All())
        {
            store.Create(storageClass);
        }

        var requests = new RequestLog();
        var faults = new FaultInjector(hub, options.RandomSeed);
        var controllers = new SimulatedControllers(store, options.TimeProvider, loggerFactory.CreateLogger<SimulatedControllers>());
        var cluster = new ClusterControllers(store, options.TimeProvider, loggerFactory.CreateLogger<ClusterControllers>());
        var stopping = new CancellationTokenSource();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKubeServer(app, stopping, store, requests, faults, controllers, cluster);
        var handler = new KubeApiHandler(store, requests, faults, new WatchStreamer(store, options.BookmarkInterval, options.TimeProvider, stopping.Token),
            options.TimeProvider, loggerFactory.CreateLogger<FakeKubeServer>(), () => new Uri(server.Url).Authority);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>A KubernetesClient pointed at this server.</summary>
    public Kubernetes CreateClient() => new(new KubernetesClientConfiguration { Host = Url });

    /// <summary>The product's API client (<see cref="NasAssistant.Hosting.Kube.KubeApi"/>) pointed at this server.</summary>
    public NasAssistant.Hosting.Kube.KubeApi CreateApi() => new(new KubernetesClientConfiguration { Host = Url });

    public async ValueTask DisposeAsync()
    {
        // Open watch streams would otherwise keep Kestrel's graceful shutdown waiting.
        await _stopping.CancelAsync();
        await Controllers.DisposeAsync();
        await _cluster.DisposeAsync();
        Faults.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
