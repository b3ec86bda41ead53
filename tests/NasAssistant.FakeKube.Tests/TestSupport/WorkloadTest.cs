using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using NasAssistant.FakeKube.Controllers;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>A fake whose simulated controllers run on a clock the test moves, with helpers to wait for their work.</summary>
public abstract class WorkloadTest : FakeKubeTest
{
    protected const string Namespace = "default";

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));

    protected virtual IReadOnlyList<FakeNode> Nodes => [new("nas")];

    protected override FakeKubeOptions Options => new() { RandomSeed = 42, TimeProvider = Clock, Nodes = Nodes };

    protected Task SimulateAsync(PodLifecycle? pods = null) => Fake.Controllers.EnableDeploymentReadinessAsync(pods ?? new PodLifecycle());

    protected Task<V1Deployment> CreateAsync(V1Deployment deployment) => Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, Namespace);

    protected async Task<IList<V1Pod>> PodsAsync(string app) =>
        (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: $"app={app}")).Items;

    protected Task<IList<V1Pod>> PodsUntilAsync(string app, Func<IList<V1Pod>, bool> done, string what) =>
        Eventually.ValueAsync(() => PodsAsync(app), done, what);

    protected Task<IList<V1Pod>> ReadyPodsAsync(string app, int count) =>
        PodsUntilAsync(app, pods => pods.Count == count && pods.All(IsReady), $"{count} ready pods of {app}");

    protected Task<V1Deployment> DeploymentUntilAsync(string name, Func<V1Deployment, bool> done, string what) =>
        Eventually.ValueAsync(() => Client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace), done, what);

    /// <summary>Patches the pod template's image, which starts a rollout.</summary>
    protected Task<V1Deployment> ChangeImageAsync(string name, string image) =>
        Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(new { spec = new { template = new { spec = new { containers = new[] { new { name = "app", image } } } } } }, V1Patch.PatchType.StrategicMergePatch),
            name, Namespace);

    protected static bool IsReady(V1Pod pod) => Condition(pod, "Ready")?.Status == "True";

    /// <summary>The kubelet has the pod: its containers are being started, and its start timer runs.</summary>
    protected static bool IsStarting(V1Pod pod) => pod.Status?.StartTime is not null && pod.Status.Phase == "Pending";

    /// <summary>The scheduler found no node for the pod.</summary>
    protected static bool IsUnschedulable(V1Pod pod) => Condition(pod, "PodScheduled") is { Status: "False", Reason: "Unschedulable" };

    protected static V1PodCondition? Condition(V1Pod pod, string type) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    protected static V1DeploymentCondition? Condition(V1Deployment deployment, string type) =>
        deployment.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>A condition's status, reason and message, to compare in one assertion.</summary>
    protected static (string? Status, string? Reason, string? Message) Summary(V1Deployment deployment, string type) =>
        Condition(deployment, type) is { } c ? (c.Status, c.Reason, c.Message) : default;

    protected static (string? Status, string? Reason, string? Message) Summary(V1Pod pod, string type) =>
        Condition(pod, type) is { } c ? (c.Status, c.Reason, c.Message) : default;

    protected static string Hash(V1Pod pod) => pod.Metadata.Labels["pod-template-hash"];
}
