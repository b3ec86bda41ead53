using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NasAssistant.FakeKube;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Reconciliation;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Tests.Support;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>A fake API server with the AssistantDeployment CRD, a real client and the real reconciler.</summary>
internal sealed class ReconcilerHarness : IAsyncDisposable
{
    public const string Namespace = "home";

    private ReconcilerHarness(FakeKubeServer fake, IKubernetes client, FakeTimeProvider time)
    {
        Fake = fake;
        Client = client;
        OperatorApi = fake.CreateApi();
        Time = time;
        Reconciler = new AssistantReconciler(OperatorApi, Settings, time, NullLogger<AssistantReconciler>.Instance);
    }

    public FakeKubeServer Fake { get; }

    /// <summary>The test's own client.</summary>
    public IKubernetes Client { get; }

    /// <summary>The operator's client, as the reconciler uses it.</summary>
    public KubeApi OperatorApi { get; }

    public FakeTimeProvider Time { get; }

    public AssistantReconciler Reconciler { get; }

    public OperatorSettings Settings { get; } = new();

    /// <param name="crd">The CRD to register; the generated one when null.</param>
    /// <param name="clusterOnTestClock">Whether the fake cluster's controllers (rollout deadlines, pod start) run on <see cref="Time"/> too.</param>
    public static async Task<ReconcilerHarness> StartAsync(V1CustomResourceDefinition? crd = null, bool clusterOnTestClock = false)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));

        // The assistants' namespace exists from the start, as it does on the cluster they are applied to.
        var fake = await FakeKubeServer.StartAsync(new FakeKubeOptions
        {
            RandomSeed = 7,
            Namespaces = ["default", "kube-system", Namespace],
            TimeProvider = clusterOnTestClock ? time : TimeProvider.System,
        });
        var client = fake.CreateClient();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd ?? CrdGenerator.Build());
        return new ReconcilerHarness(fake, client, time);
    }

    /// <summary>Installs the CRDs of cert-manager and the Prometheus Operator.</summary>
    public Task InstallAddOnsAsync() => AddOnCrds.InstallAllAsync(Client);

    /// <summary>Creates an AssistantDeployment through the API, as kubectl apply would.</summary>
    public async Task<AssistantDeployment> CreateAsync(string name, string specYaml)
    {
        var yaml = $"apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata:\n  name: {name}\n  namespace: {Namespace}\nspec:\n"
            + string.Join("\n", specYaml.Split('\n').Select(line => line.Length == 0 ? line : "  " + line));
        var json = NasAssistant.Operator.Rendering.YamlDocuments.Parse(yaml).Single()!.ToJsonString();
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            System.Text.Json.Nodes.JsonNode.Parse(json)!, AssistantDeployment.Group, AssistantDeployment.Version, Namespace, AssistantDeployment.Plural);
        return await GetAsync(name);
    }

    public async Task<AssistantDeployment> GetAsync(string name)
    {
        using var api = Api();
        return await api.ReadNamespacedAsync<AssistantDeployment>(Namespace, name);
    }

    public async Task UpdateSpecAsync(string name, Action<AssistantDeploymentSpec> change)
    {
        using var api = Api();
        var ad = await GetAsync(name);
        change(ad.Spec);
        await api.ReplaceNamespacedAsync(ad, Namespace, name);
    }

    /// <summary>Reconciles reading everything from the API server, as before the informers have listed.</summary>
    public Task<ReconcileResult> ReconcileAsync(string name) => ReconcileAsync(name, caches: null);

    /// <summary>Reconciles reading from <paramref name="caches"/> where they answer.</summary>
    public Task<ReconcileResult> ReconcileAsync(string name, IInformerCaches? caches) =>
        Reconciler.ReconcileAsync(new ResourceKey(Namespace, name), caches, default);

    /// <summary>
    /// Replaces the assistant's Deployment, behind the operator's back, with one of another selector, as an
    /// older operator version might have left it (same owner and labels); returns the new one.
    /// </summary>
    public V1Deployment SeedDeploymentWithAnotherSelector(string name)
    {
        var old = Fake.Store.Get<V1Deployment>(Namespace, name)!;
        Fake.Store.Delete<V1Deployment>(Namespace, name);
        old.Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Labels = old.Metadata.Labels, OwnerReferences = old.Metadata.OwnerReferences };
        old.Spec.Selector.MatchLabels = new Dictionary<string, string> { ["app"] = name };
        old.Spec.Template.Metadata.Labels["app"] = name;
        old.Status = null;
        return Fake.Store.Create(old);
    }

    /// <summary>Reconciles until a pass writes nothing; returns the number of passes.</summary>
    public async Task<int> ConvergeAsync(string name, int maxPasses = 10)
    {
        for (var pass = 1; pass <= maxPasses; pass++)
        {
            var before = Fake.Requests.CountWrites();
            await ReconcileAsync(name);
            if (Fake.Requests.CountWrites() == before)
            {
                return pass;
            }
        }

        throw new InvalidOperationException($"{name} did not converge in {maxPasses} passes");
    }

    /// <summary>Reconciles until <paramref name="condition"/> holds (the simulated controllers work asynchronously).</summary>
    public async Task<AssistantDeployment> ReconcileUntilAsync(string name, Func<AssistantDeployment, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await ReconcileAsync(name);
            var ad = await GetAsync(name);
            if (condition(ad))
            {
                return ad;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name} never reached the expected state; conditions: "
                    + string.Join("; ", ad.Status?.Conditions?.Select(c => $"{c.Type}={c.Status} {c.Reason}: {c.Message}") ?? []));
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Asserts that the resource is Degraded with reason InvalidSpec and not Ready, and that nothing but the
    /// resource's status and Events was written since the request log was last cleared; returns the message.
    /// </summary>
    public async Task<string> AssertInvalidSpecAsync(string name)
    {
        var ad = await GetAsync(name);
        var degraded = FindCondition(ad, ConditionTypes.Degraded)!;
        Assert.Equal(("True", ConditionReasons.InvalidSpec), (degraded.Status, degraded.Reason));
        Assert.Equal("False", Condition(ad, ConditionTypes.Ready));
        var childWrites = Fake.Requests.Records.Where(r => r.IsWrite && r.Resource is not ("assistantdeployments" or "events")).ToList();
        Assert.True(childWrites.Count == 0, "unexpected writes: " + string.Join(", ", childWrites.Select(r => $"{r.Verb} {r.Path}")));
        return degraded.Message;
    }

    public static string? Condition(AssistantDeployment ad, string type) =>
        ad.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status;

    public static V1Condition? FindCondition(AssistantDeployment ad, string type) =>
        ad.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        OperatorApi.Dispose();
        await Fake.DisposeAsync();
    }

    private GenericClient Api() =>
        new(Client, AssistantDeployment.Group, AssistantDeployment.Version, AssistantDeployment.Plural, disposeClient: false);
}
