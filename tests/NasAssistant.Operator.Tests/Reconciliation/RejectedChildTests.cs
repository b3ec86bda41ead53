using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Faults;
using NasAssistant.Operator.Reconciliation.Status;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>A child the API server refuses becomes status and one Event, never an aborted reconcile.</summary>
public sealed class RejectedChildTests
{
    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(422)]
    public async Task Refusal_BecomesChildRejected_WhileTheOtherChildrenAreStillApplied(int code)
    {
        await using var h = await StartAsync();
        h.Fake.Faults.AddErrorRule(new FaultRule { Rate = 1, StatusCodes = [code], Verbs = ["patch"], Resources = ["configmaps"] });
        await h.CreateAsync("family", "replicas: 1\n");

        var result = await h.ReconcileAsync("family");

        Assert.True(result.Backoff);
        Assert.Null(h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-config"));
        Assert.NotNull(h.Fake.Store.Get<V1Deployment>(Namespace, "family"));
        Assert.NotNull(h.Fake.Store.Get<V1Service>(Namespace, "family"));
        var ad = await h.GetAsync("family");
        var degraded = FindCondition(ad, ConditionTypes.Degraded)!;
        Assert.Equal(("True", ConditionReasons.ChildRejected), (degraded.Status, degraded.Reason));
        Assert.Contains($"ConfigMap family-config was refused ({code})", degraded.Message, StringComparison.Ordinal);
        Assert.Contains("injected fault", degraded.Message, StringComparison.Ordinal);
        var ready = FindCondition(ad, ConditionTypes.Ready)!;
        Assert.Equal(("False", ConditionReasons.ChildRejected), (ready.Status, ready.Reason));
    }

    [Fact]
    public async Task Retries_RecordOneEvent_AndRecovery_ClearsTheCondition()
    {
        await using var h = await StartAsync();
        await h.Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.Zero);
        h.Fake.Faults.AddErrorRule(new FaultRule { Rate = 1, StatusCodes = [422], Verbs = ["patch"], Resources = ["networkpolicies"] });
        await h.CreateAsync("family", "replicas: 1\n");
        for (var i = 0; i < 4; i++)
        {
            await h.ReconcileAsync("family");
        }

        var warnings = (await h.Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items
            .Where(e => e.Reason == ConditionReasons.ChildRejected && e.Type == "Warning").ToList();
        Assert.Single(warnings);

        h.Fake.Faults.Reset();
        var recovered = await h.ReconcileUntilAsync("family", a => Condition(a, ConditionTypes.Ready) == "True");
        Assert.Equal("False", Condition(recovered, ConditionTypes.Degraded));
        Assert.NotNull(h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family"));
        Assert.False((await h.ReconcileAsync("family")).Backoff);
    }

    [Fact]
    public async Task ReadyNeverStaysTrue_WhileTheNewGenerationIsRefused()
    {
        await using var h = await StartAsync();
        await h.Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.Zero);
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ReconcileUntilAsync("family", a => Condition(a, ConditionTypes.Ready) == "True");

        h.Fake.Faults.AddErrorRule(new FaultRule { Rate = 1, StatusCodes = [422], Verbs = ["patch"], Resources = ["deployments"] });
        await h.UpdateSpecAsync("family", spec => spec.Inference.MaxBatchSize = 32);
        await h.ReconcileAsync("family");

        var ad = await h.GetAsync("family");
        Assert.Equal(ad.Metadata.Generation, ad.Status!.ObservedGeneration);
        Assert.Equal("False", Condition(ad, ConditionTypes.Ready));
        Assert.Contains("Deployment family was refused", FindCondition(ad, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
    }
}
