using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.FakeKube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Reconciliation;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Tests.Controller;
using NasAssistant.Operator.Tests.Support;

namespace NasAssistant.Operator.Tests.EndToEnd;

/// <summary>
/// The whole operator — informers, work queue, leader election and the real reconciler — against
/// an unreliable API server: 20% of requests fail with 500/409/429, watches drop every second, the
/// leading replica is killed half-way and a new one starts. Fifty assistants must still converge,
/// with no duplicate or orphaned child, and then stay quiet.
/// </summary>
public sealed class ChaosTests : FakeClusterTest
{
    private const int Assistants = 50;
    private static readonly string[] Namespaces = ["home", "office"];
    private readonly List<ControllerMetrics> _replicaMetrics = [];

    protected override FakeKubeOptions FakeOptions =>
        new() { RandomSeed = 2026, BookmarkInterval = TimeSpan.FromMilliseconds(200), Namespaces = ["default", "kube-system", .. Namespaces] };

    [Fact]
    public async Task FiftyAssistants_ConvergeThroughFaultsDroppedWatchesAndARestart_WithNoDuplicateOrOrphanedChild()
    {
        await Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.FromMilliseconds(20));
        var names = Enumerable.Range(0, Assistants).Select(i => (Ns: Namespaces[i % 2], Name: $"assistant-{i:D2}")).ToList();
        foreach (var (ns, name) in names)
        {
            await CreateAsync(ns, name, replicas: 1 + (name.GetHashCode(StringComparison.Ordinal) & 1));
        }

        Fake.Faults.FailRandomly(0.2);
        Fake.Faults.DropWatchesEvery(TimeSpan.FromSeconds(1));
        var first = StartReplica("replica-a");
        var second = StartReplica("replica-b");
        BackgroundRun? third = null;
        try
        {
            await Eventually.TrueAsync(() => Fake.Requests.CountWrites(r => r.Resource == "deployments") >= Assistants / 2, "half the work under faults", TimeSpan.FromSeconds(60));

            // Kill a replica mid-way (whichever leads has work in flight) and start a fresh one.
            await first.StopAsync();
            third = StartReplica("replica-c");

            // Some assistants are deleted while the faults go on; their volumes go too.
            var deleted = names.Take(5).ToList();
            foreach (var (ns, name) in deleted)
            {
                await RetryAsync(token => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                    new V1Patch("{\"spec\":{\"storage\":{\"retainOnDelete\":false}}}", V1Patch.PatchType.MergePatch),
                    AssistantDeployment.Group, AssistantDeployment.Version, ns, AssistantDeployment.Plural, name, cancellationToken: token));
                await RetryAsync(token => Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                    AssistantDeployment.Group, AssistantDeployment.Version, ns, AssistantDeployment.Plural, name, cancellationToken: token));
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            var injected = Fake.Requests.Count(r => r.FaultInjected);
            Assert.True(injected >= 50, $"only {injected} faults were injected");
            Fake.Faults.Reset();
            var kept = names.Skip(5).ToList();
            await Eventually.TrueAsync(() => kept.All(k => IsReady(k.Ns, k.Name)) && deleted.All(d => Gone(d.Ns, d.Name)),
                "every assistant ready or gone", TimeSpan.FromSeconds(90));

            AssertChildrenExactlyOnce(kept);
            AssertNoOrphans();

            // Converged: resyncs go on, writes do not.
            Fake.Requests.Clear();
            var reconciled = SuccessfulReconciles();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var writes = Fake.Requests.Records.Where(r => r.IsWrite && r.Resource is not ("leases" or "events")).ToList();
            Assert.True(writes.Count == 0, "writes after convergence: " + string.Join(", ", writes.Take(10).Select(r => $"{r.Verb} {r.Path}")));
            Assert.True(SuccessfulReconciles() - reconciled >= kept.Count, "resyncs kept reconciling");
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            if (third is not null)
            {
                await third.DisposeAsync();
            }
        }
    }

    // Reconciles that ended without error: done, or to be repeated later (a certificate's renewal).
    private double SuccessfulReconciles() =>
        _replicaMetrics.Sum(m => m.ReconcileCount(OperatorMetricNames.ResultSuccess) + m.ReconcileCount(OperatorMetricNames.ResultRequeue));

    private BackgroundRun StartReplica(string identity)
    {
        var metrics = ControllerMetrics.CreateIsolated();
        _replicaMetrics.Add(metrics);
        // Each replica is its own process in a cluster: its own client and connections.
        var client = Fake.CreateApi();
        var election = NewElection(identity, metrics, leaseName: "nas-assistant-operator", api: client);
        var reconciler = new AssistantReconciler(client, new OperatorSettings(), TimeProvider.System, NullLogger<AssistantReconciler>.Instance);
        return Start(async token =>
        {
            using (client)
            {
                await election.RunAsync(async term =>
                {
                    using var controller = NewController(reconciler, FastOptions with { ResyncPeriod = TimeSpan.FromMilliseconds(500) }, metrics, client);
                    await controller.RunAsync(term);
                }, token);
            }
        });
    }

    private async Task CreateAsync(string ns, string name, int replicas)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = AssistantDeployment.GroupVersion,
            ["kind"] = AssistantDeployment.KindName,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        };
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(body, AssistantDeployment.Group, AssistantDeployment.Version, ns, AssistantDeployment.Plural);
    }

    private bool IsReady(string ns, string name)
    {
        var ad = Fake.Store.Get(AssistantDeployment.GroupVersion, AssistantDeployment.KindName, ns, name);
        var status = ad?["status"];
        return status?["observedGeneration"]?.ToJsonString() == ad?["metadata"]?["generation"]?.ToJsonString()
            && status?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;
    }

    private bool Gone(string ns, string name) =>
        Fake.Store.Get(AssistantDeployment.GroupVersion, AssistantDeployment.KindName, ns, name) is null
        && ManagedObjects().All(o => o.Metadata.Labels[Naming.InstanceLabel] != name || o.Metadata.NamespaceProperty != ns);

    private void AssertChildrenExactlyOnce(IEnumerable<(string Ns, string Name)> assistants)
    {
        var managed = ManagedObjects().ToList();
        foreach (var (ns, name) in assistants)
        {
            var ad = KubernetesJson.Deserialize<AssistantDeployment>(Fake.Store.Get(AssistantDeployment.GroupVersion, AssistantDeployment.KindName, ns, name)!.ToJsonString());
            // No add-on CRDs are installed here, so only built-in kinds are expected.
            var expected = DesiredStateBuilder.Build(ad, new OperatorSettings()).Objects
                .Where(o => KubernetesKind.Of(o.ApiVersion, o.Kind).CrdName is null)
                .Select(o => $"{o.Kind}/{o.Metadata.Name}")
                .Concat([$"Secret/{name}-tls", $"Secret/{name}-ca"])
                .Order(StringComparer.Ordinal);
            var actual = managed.Where(o => o.Metadata.NamespaceProperty == ns && o.Metadata.Labels[Naming.InstanceLabel] == name)
                .Select(o => $"{o.Kind}/{o.Metadata.Name}")
                .Order(StringComparer.Ordinal);
            Assert.Equal(expected, actual);
        }
    }

    private void AssertNoOrphans()
    {
        var assistants = Namespaces.SelectMany(ns => Fake.Store.List(AssistantDeployment.GroupVersion, AssistantDeployment.KindName, ns)).ToList();
        var owners = assistants.Select(o => o["metadata"]!["uid"]!.GetValue<string>()).ToHashSet();
        var instances = assistants.Select(o => $"{o["metadata"]!["namespace"]}/{o["metadata"]!["name"]}").ToHashSet();
        foreach (var child in ManagedObjects())
        {
            if (child.Kind == "PersistentVolumeClaim")
            {
                // Retained volumes carry no owner reference; their labels name the assistant they belong to.
                Assert.Empty(child.Metadata.OwnerReferences ?? []);
                Assert.Contains($"{child.Metadata.NamespaceProperty}/{child.Metadata.Labels[Naming.InstanceLabel]}", instances);
                continue;
            }

            var owner = Assert.Single(child.Metadata.OwnerReferences ?? [], r => r.Controller == true);
            Assert.Contains(owner.Uid, owners);
        }
    }

    private IEnumerable<ObjectMetadata> ManagedObjects() =>
        KubernetesKind.Children.Where(kind => kind.CrdName is null)
            .SelectMany(kind => Namespaces.SelectMany(ns => Fake.Store.List(kind.ApiVersion, kind.Kind, ns)))
            .Select(ObjectMetadata.Of)
            .Where(o => o.Metadata.Labels is { } labels && labels.TryGetValue(Naming.ManagedByLabel, out var manager) && manager == Naming.ManagedBy);

    // The test's own requests meet the injected faults too.
    private static async Task RetryAsync(Func<CancellationToken, Task> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await call(timeout.Token);
                return;
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or OperationCanceledException && attempt < 20)
            {
                await Task.Delay(20);
            }
        }
    }
}
