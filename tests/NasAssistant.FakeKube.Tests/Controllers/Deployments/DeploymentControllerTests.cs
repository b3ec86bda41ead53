using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Controllers;
using NasAssistant.FakeKube.Tests.TestSupport;
using static NasAssistant.FakeKube.Tests.TestSupport.ValidObjects;
using static NasAssistant.FakeKube.Tests.TestSupport.Workloads;

namespace NasAssistant.FakeKube.Tests.Controllers.Deployments;

/// <summary>The simulated Deployment controller: pods, rollouts by strategy, scaling and status.</summary>
public sealed partial class DeploymentControllerTests : WorkloadTest
{
    [Fact]
    public async Task CreatesPods_NamedAfterTheReplicaSet_WithTemplateLabelsOwnerAndSpec()
    {
        await SimulateAsync();
        var deployment = await CreateAsync(Deployment("web", 2));

        var pods = await ReadyPodsAsync("web", 2);

        foreach (var pod in pods)
        {
            var hash = Hash(pod);
            Assert.Matches(PodName(), pod.Metadata.Name);
            Assert.StartsWith($"web-{hash}-", pod.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "web", ["pod-template-hash"] = hash }, pod.Metadata.Labels);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("apps/v1", "Deployment", "web", deployment.Metadata.Uid, true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
            Assert.Equal("registry.example/app:1", Assert.Single(pod.Spec.Containers).Image);
            Assert.Equal("nas", pod.Spec.NodeName);
            Assert.Equal("Running", pod.Status.Phase);
            Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], pod.Status.Conditions.Select(c => c.Type));
            Assert.All(pod.Status.Conditions, c => Assert.Equal("True", c.Status));
            var container = Assert.Single(pod.Status.ContainerStatuses);
            Assert.True(container.Ready);
            Assert.NotNull(container.State.Running);
            Assert.StartsWith("10.42.0.", pod.Status.PodIP, StringComparison.Ordinal);
            Assert.Equal("192.168.1.10", pod.Status.HostIP);
        }

        Assert.Single(pods.Select(Hash).Distinct());
    }

    [Fact]
    public async Task Status_ReportsCountsAndConditions_AsTheRealControllerDoes()
    {
        await SimulateAsync();
        await CreateAsync(Deployment("web", 2));
        var hash = Hash((await ReadyPodsAsync("web", 2))[0]);

        var deployment = await DeploymentUntilAsync("web", d => d.Status?.AvailableReplicas == 2, "2 available replicas");

        Assert.Equal((1L, 2, 2, 2, 2, (int?)null), (deployment.Status.ObservedGeneration!.Value, deployment.Status.Replicas!.Value, deployment.Status.UpdatedReplicas!.Value,
            deployment.Status.ReadyReplicas!.Value, deployment.Status.AvailableReplicas!.Value, deployment.Status.UnavailableReplicas));
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), Summary(deployment, "Available"));
        Assert.Equal(("True", "NewReplicaSetAvailable", $"ReplicaSet \"web-{hash}\" has successfully progressed."), Summary(deployment, "Progressing"));
    }

    [Fact]
    public async Task ConvergedRollout_WritesNothingMore()
    {
        await SimulateAsync();
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(PersistentVolumeClaim("data"), Namespace);
        await CreateAsync(Deployment("web", 2, Mounting("data")));
        await ReadyPodsAsync("web", 2);
        await DeploymentUntilAsync("web", d => Condition(d, "Progressing")?.Reason == "NewReplicaSetAvailable", "the rollout to complete");

        var version = Fake.Store.CurrentResourceVersion;
        Clock.Advance(TimeSpan.FromMinutes(15));
        await Task.Delay(300);

        Assert.Equal(version, Fake.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Status_CountsPodsThatNeverBecomeReady_AsUnavailable()
    {
        await SimulateAsync(new PodLifecycle { NeverReady = pod => pod.Metadata.Labels["app"] == "broken" });
        await CreateAsync(Deployment("broken", 2));

        var pods = await PodsUntilAsync("broken", p => p.Count == 2 && p.All(pod => pod.Status?.Phase == "Running"), "2 running pods");
        Assert.All(pods, pod => Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [app]"), Summary(pod, "Ready")));

        var deployment = await DeploymentUntilAsync("broken", d => d.Status?.Replicas == 2, "2 replicas");
        Assert.Equal((2, (int?)null, (int?)null, 2), (deployment.Status.UpdatedReplicas!.Value, deployment.Status.ReadyReplicas, deployment.Status.AvailableReplicas, deployment.Status.UnavailableReplicas!.Value));
        Assert.Equal(("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."), Summary(deployment, "Available"));
        Assert.Equal(("True", "ReplicaSetUpdated", $"ReplicaSet \"broken-{Hash(pods[0])}\" is progressing."), Summary(deployment, "Progressing"));
    }

    [Fact]
    public async Task ProgressDeadline_Passing_SetsProgressingFalse_ProgressDeadlineExceeded()
    {
        await SimulateAsync(new PodLifecycle { NeverReady = _ => true });
        await CreateAsync(Deployment("stuck", 1, progressDeadlineSeconds: 60));
        var pod = (await PodsUntilAsync("stuck", p => p.Count == 1 && p[0].Status?.Phase == "Running", "a running pod"))[0];
        var progressing = Condition(await DeploymentUntilAsync("stuck", d => Condition(d, "Progressing")?.Reason == "ReplicaSetUpdated", "progress"), "Progressing")!;

        Clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(200);
        Assert.Equal("ReplicaSetUpdated", Condition(await Client.AppsV1.ReadNamespacedDeploymentAsync("stuck", Namespace), "Progressing")!.Reason);

        Clock.Advance(TimeSpan.FromSeconds(3));
        var timedOut = Condition(await DeploymentUntilAsync("stuck", d => Condition(d, "Progressing")?.Status == "False", "the deadline to pass"), "Progressing")!;

        Assert.Equal(("ProgressDeadlineExceeded", $"ReplicaSet \"stuck-{Hash(pod)}\" has timed out progressing."), (timedOut.Reason, timedOut.Message));
        Assert.Equal(timedOut.LastUpdateTime, timedOut.LastTransitionTime);
        Assert.Equal(progressing.LastUpdateTime!.Value.AddSeconds(62), timedOut.LastUpdateTime);
    }

    [Fact]
    public async Task ProgressDeadline_IsNotExceeded_ByARolloutThatCompletes()
    {
        await SimulateAsync(new PodLifecycle { ReadyAfter = TimeSpan.FromSeconds(30) });
        await CreateAsync(Deployment("web", 1, progressDeadlineSeconds: 60));
        await PodsUntilAsync("web", p => p.Count == 1 && IsStarting(p[0]), "a starting pod");

        Clock.Advance(TimeSpan.FromSeconds(30));
        await DeploymentUntilAsync("web", d => Condition(d, "Progressing")?.Reason == "NewReplicaSetAvailable", "the rollout to complete");
        Clock.Advance(TimeSpan.FromSeconds(120));
        await Task.Delay(200);

        Assert.Equal("NewReplicaSetAvailable", Summary(await Client.AppsV1.ReadNamespacedDeploymentAsync("web", Namespace), "Progressing").Reason);
    }

    [Fact]
    public async Task Scales_WithSpecReplicas_AndTheScaleSubresource()
    {
        await SimulateAsync();
        await CreateAsync(Deployment("web", 2));
        await ReadyPodsAsync("web", 2);

        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "web", Namespace);
        await ReadyPodsAsync("web", 4);

        await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":1}}", V1Patch.PatchType.MergePatch), "web", Namespace);
        await ReadyPodsAsync("web", 1);
        var deployment = await DeploymentUntilAsync("web", d => d.Status?.Replicas == 1 && d.Status.ObservedGeneration == 3, "status of the scaled deployment");
        Assert.Equal(1, deployment.Status.AvailableReplicas);
    }

    [Fact]
    public async Task ScaledToZero_DeletesEveryPod()
    {
        await SimulateAsync();
        await CreateAsync(Deployment("web", 2));
        await ReadyPodsAsync("web", 2);

        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":0}}", V1Patch.PatchType.MergePatch), "web", Namespace);

        await PodsUntilAsync("web", p => p.Count == 0, "no pods");
        var deployment = await DeploymentUntilAsync("web", d => d.Status?.ObservedGeneration == 2 && d.Status.Replicas is null, "status of zero replicas");
        Assert.Equal("True", Condition(deployment, "Available")!.Status);
    }

    [Fact]
    public async Task RollingUpdate_SurgesNewPods_AndDeletesOldOnesOnlyOnceNewOnesAreAvailable()
    {
        await SimulateAsync(new PodLifecycle { ReadyAfter = TimeSpan.FromSeconds(30) });
        await CreateAsync(Deployment("web", 2, strategy: RollingUpdate(maxSurge: 1, maxUnavailable: 0)));
        await PodsUntilAsync("web", p => p.Count == 2 && p.All(IsStarting), "2 starting pods");
        Clock.Advance(TimeSpan.FromSeconds(30));
        var oldHash = Hash((await ReadyPodsAsync("web", 2))[0]);

        await ChangeImageAsync("web", "registry.example/app:2");

        // One surge pod; both old pods keep serving until it is available.
        var pods = await PodsUntilAsync("web", p => p.Count == 3 && p.Count(pod => Hash(pod) != oldHash && IsStarting(pod)) == 1, "a surge pod");
        Assert.Equal(2, pods.Count(pod => Hash(pod) == oldHash && IsReady(pod)));
        var newHash = Hash(pods.Single(pod => Hash(pod) != oldHash));
        var rolling = await DeploymentUntilAsync("web", d => d.Status?.UpdatedReplicas == 1, "one updated replica");
        Assert.Equal(("True", "ReplicaSetUpdated", $"ReplicaSet \"web-{newHash}\" is progressing."), Summary(rolling, "Progressing"));

        Clock.Advance(TimeSpan.FromSeconds(30));
        pods = await PodsUntilAsync("web", p => p.Count == 3 && p.Count(pod => Hash(pod) == newHash) == 2 && p.Any(pod => Hash(pod) == newHash && IsStarting(pod)), "the second new pod");
        Assert.Equal(1, pods.Count(pod => Hash(pod) == oldHash && IsReady(pod)));

        Clock.Advance(TimeSpan.FromSeconds(30));
        pods = await ReadyPodsAsync("web", 2);
        Assert.All(pods, pod => Assert.Equal(newHash, Hash(pod)));
        Assert.All(pods, pod => Assert.Equal("registry.example/app:2", pod.Spec.Containers[0].Image));
        var done = await DeploymentUntilAsync("web", d => Condition(d, "Progressing")?.Reason == "NewReplicaSetAvailable", "the rollout to complete");
        Assert.Equal($"ReplicaSet \"web-{newHash}\" has successfully progressed.", Condition(done, "Progressing")!.Message);
        Assert.Equal((2L, 2, 2, 2), (done.Status.ObservedGeneration!.Value, done.Status.Replicas!.Value, done.Status.UpdatedReplicas!.Value, done.Status.AvailableReplicas!.Value));
    }

    [Fact]
    public async Task Recreate_DeletesEveryOldPod_BeforeCreatingNewOnes()
    {
        await SimulateAsync();
        await CreateAsync(Deployment("web", 2, strategy: Recreate()));
        var oldHash = Hash((await ReadyPodsAsync("web", 2))[0]);
        var list = await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app=web");
        var events = new List<(WatchEventType Type, string Hash)>();
        using var stop = new CancellationTokenSource(Eventually.DefaultTimeout);
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, pod) in Client.CoreV1.WatchListNamespacedPodAsync(Namespace, labelSelector: "app=web", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stop.Token))
            {
                events.Add((type, Hash(pod)));
                if (events.Count(e => e.Type == WatchEventType.Added && e.Hash != oldHash) == 2)
                {
                    return;
                }
            }
        }, stop.Token);

        await ChangeImageAsync("web", "registry.example/app:2");
        await watching;

        var lastOldDeleted = events.FindLastIndex(e => e.Type == WatchEventType.Deleted && e.Hash == oldHash);
        var firstNewAdded = events.FindIndex(e => e.Type == WatchEventType.Added && e.Hash != oldHash);
        Assert.Equal(2, events.Count(e => e.Type == WatchEventType.Deleted && e.Hash == oldHash));
        Assert.True(lastOldDeleted < firstNewAdded, string.Join(", ", events));
        await ReadyPodsAsync("web", 2);
    }

    [Fact]
    public async Task InitContainers_ReportTheirTerminationMessage()
    {
        await SimulateAsync(new PodLifecycle { InitContainerMessage = (_, container) => container.Name == "prepare" ? "sha256 abc\n" : null });
        await CreateAsync(Deployment("web", 1, pod => pod.InitContainers =
        [
            new V1Container { Name = "fetch", Image = "registry.example/app:1" },
            new V1Container { Name = "prepare", Image = "registry.example/app:1" },
        ]));

        var pod = (await ReadyPodsAsync("web", 1))[0];

        var fetch = pod.Status.InitContainerStatuses.Single(s => s.Name == "fetch").State.Terminated;
        var prepare = pod.Status.InitContainerStatuses.Single(s => s.Name == "prepare").State.Terminated;
        Assert.Equal((0, "Completed", (string?)null), (fetch.ExitCode, fetch.Reason, fetch.Message));
        Assert.Equal((0, "Completed", "sha256 abc\n"), (prepare.ExitCode, prepare.Reason, prepare.Message));
    }

    [Fact]
    public async Task StartingPods_WaitForInitContainers_UntilReadyAfterHasPassed()
    {
        await SimulateAsync(new PodLifecycle { ReadyAfter = TimeSpan.FromMinutes(1) });
        await CreateAsync(Deployment("web", 1, pod => pod.InitContainers = [new V1Container { Name = "fetch", Image = "registry.example/app:1" }]));

        var pod = (await PodsUntilAsync("web", p => p.Count == 1 && IsStarting(p[0]), "a starting pod"))[0];

        Assert.Equal(("False", "ContainersNotInitialized", "containers with incomplete status: [fetch]"), Summary(pod, "Initialized"));
        Assert.Equal("PodInitializing", pod.Status.ContainerStatuses.Single().State.Waiting.Reason);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await ReadyPodsAsync("web", 1);
    }

    [Fact]
    public async Task DeletingTheDeployment_LeavesNoPodBehind()
    {
        await SimulateAsync();
        await CreateAsync(Deployment("web", 2));
        await ReadyPodsAsync("web", 2);

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", Namespace);

        await PodsUntilAsync("web", p => p.Count == 0, "the garbage collector to delete the pods");
        await Task.Delay(200);
        Assert.Empty(await PodsAsync("web"));
    }

    [Fact]
    public async Task Hpa_StillScalesTheDeploymentsPods()
    {
        await SimulateAsync();
        await CreateAsync(Deployment("web", 1));
        await Client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(Autoscaler("web", minReplicas: 1, maxReplicas: 4), Namespace);

        await Fake.Controllers.EnableHorizontalPodAutoscalingAsync(3);

        await ReadyPodsAsync("web", 3);
        await Eventually.ValueAsync(() => Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync("web", Namespace), h => h.Status?.CurrentReplicas == 3, "HPA to see 3 replicas");
    }

    [GeneratedRegex("^web-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$")]
    private static partial Regex PodName();
}
