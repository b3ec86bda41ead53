using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.FakeKube;
using NasAssistant.Hosting.Kube;
using NasAssistant.Hosting.Leadership;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Tests.Controller;

/// <summary>A fresh fake API server with the AssistantDeployment CRD and a real client per test.</summary>
public abstract class FakeClusterTest : IAsyncLifetime
{
    private FakeKubeServer? _fake;
    private Kubernetes? _client;
    private KubeApi? _api;

    protected FakeKubeServer Fake => _fake ?? throw new InvalidOperationException("not started");

    /// <summary>The test's own client.</summary>
    protected Kubernetes Client => _client ?? throw new InvalidOperationException("not started");

    /// <summary>The operator's client, for the controller and elections under test.</summary>
    internal KubeApi OperatorApi => _api ?? throw new InvalidOperationException("not started");

    protected virtual FakeKubeOptions FakeOptions => new() { RandomSeed = 11, BookmarkInterval = TimeSpan.FromMilliseconds(200) };

    /// <summary>Controller settings for tests: fast API retries, short watches.</summary>
    internal static ControllerOptions FastOptions => new()
    {
        ApiBackoffBase = TimeSpan.FromMilliseconds(10),
        ApiBackoffMax = TimeSpan.FromMilliseconds(200),
        ReconcileBackoffBase = TimeSpan.FromMilliseconds(5),
        ReconcileBackoffMax = TimeSpan.FromMilliseconds(200),
        ResyncPeriod = TimeSpan.FromHours(1),
        WatchTimeout = TimeSpan.FromSeconds(30),
    };

    public async Task InitializeAsync()
    {
        _fake = await FakeKubeServer.StartAsync(FakeOptions);
        _client = _fake.CreateClient();
        _api = _fake.CreateApi();
        await _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdGenerator.Build());
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        _api?.Dispose();
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }

    internal OperatorController NewController(IReconciler reconciler, ControllerOptions? options = null, ControllerMetrics? metrics = null, KubeApi? api = null) =>
        new(api ?? OperatorApi, reconciler, options ?? FastOptions, metrics ?? ControllerMetrics.CreateIsolated(), TimeProvider.System, NullLoggerFactory.Instance);

    internal ResourceInformer NewInformer(KubernetesKind kind, Action<ResourceEvent> handler, ControllerOptions? options = null, string? ns = null, ControllerMetrics? metrics = null) =>
        new(new ResourceApi(OperatorApi, ns), kind, null, handler, options ?? FastOptions, metrics ?? ControllerMetrics.CreateIsolated(), TimeProvider.System, NullLogger.Instance);

    /// <summary>A leader-election participant with short lease times, so take-overs happen within seconds.</summary>
    internal LeaseElection NewElection(string identity, ControllerMetrics metrics, string leaseName = "operator-test", KubeApi? api = null, TimeSpan? leaseDuration = null) => new(
        api ?? OperatorApi,
        new LeaseElectionOptions
        {
            LeaseNamespace = "default",
            LeaseName = leaseName,
            Identity = identity,
            LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromMilliseconds(1500),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        },
        metrics.SetLeader,
        TimeProvider.System,
        NullLogger<LeaseElection>.Instance);

    /// <summary>Creates an AssistantDeployment with the smallest valid spec.</summary>
    protected async Task<JsonObject> CreateAssistantAsync(string ns, string name)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = AssistantDeployment.GroupVersion,
            ["kind"] = AssistantDeployment.KindName,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["model"] = new JsonObject { ["name"] = "minilm", ["source"] = new JsonObject { ["builtin"] = new JsonObject() } } },
        };
        return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(body, AssistantDeployment.Group, AssistantDeployment.Version, ns, AssistantDeployment.Plural);
    }

    /// <summary>A ConfigMap as the operator creates children: controller ownerReference and its labels.</summary>
    protected static JsonObject OwnedConfigMap(JsonObject owner, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = owner["metadata"]!["namespace"]!.GetValue<string>(),
            ["labels"] = new JsonObject
            {
                [Naming.InstanceLabel] = owner["metadata"]!["name"]!.GetValue<string>(),
                [Naming.ManagedByLabel] = Naming.ManagedBy,
            },
            ["ownerReferences"] = new JsonArray
            {
                new JsonObject
                {
                    ["apiVersion"] = AssistantDeployment.GroupVersion,
                    ["kind"] = AssistantDeployment.KindName,
                    ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
                    ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
                    ["controller"] = true,
                },
            },
        },
        ["data"] = new JsonObject { ["key"] = "1" },
    };

    protected static JsonObject PlainConfigMap(string ns, string name, string value = "1") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { ["key"] = value },
    };

    /// <summary>Runs <paramref name="run"/> in the background until the returned handle is disposed.</summary>
    internal static BackgroundRun Start(Func<CancellationToken, Task> run) => new(run);
}
