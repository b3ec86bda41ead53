using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Reconciliation.Status;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>Volume changes Kubernetes forbids are held back on purpose and explained; no volume is ever deleted for them.</summary>
public sealed class VolumeChangeTests
{
    public static TheoryData<string, Action<AssistantDeploymentSpec>, string, string> Forbidden => new()
    {
        { "shrink", s => s.Storage.Sessions.Size = new ResourceQuantity("1Gi"), ConditionReasons.VolumeShrinkForbidden, "Kubernetes cannot shrink a volume" },
        { "grow on local-path", s => s.Storage.Sessions.Size = new ResourceQuantity("20Gi"), ConditionReasons.VolumeExpansionUnsupported, "StorageClass local-path does not allow volume expansion" },
        { "access mode", s => s.Storage.Sessions.AccessMode = VolumeAccessMode.ReadWriteMany, ConditionReasons.VolumeChangeForbidden, "never changes an existing claim's access mode" },
        { "storage class", s => s.Storage.Sessions.StorageClassName = "expandable", ConditionReasons.VolumeChangeForbidden, "never moves an existing claim to another class" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task ForbiddenChange_KeepsTheClaim_AndSaysWhy(string change, Action<AssistantDeploymentSpec> edit, string reason, string message)
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        await BindAsync(h, "family-sessions");
        var before = Claim(h);

        await h.UpdateSpecAsync("family", edit);
        await h.ConvergeAsync("family");

        var after = Claim(h);
        Assert.Equal(before.Metadata.Uid, after.Metadata.Uid);
        Assert.Equal(before.Spec.AccessModes, after.Spec.AccessModes);
        Assert.Equal(before.Spec.StorageClassName, after.Spec.StorageClassName);
        Assert.Equal(before.Spec.Resources.Requests["storage"], after.Spec.Resources.Requests["storage"]);
        var degraded = FindCondition(await h.GetAsync("family"), ConditionTypes.Degraded)!;
        Assert.True(degraded.Status == "True", change);
        Assert.Equal(reason, degraded.Reason);
        Assert.Contains(message, degraded.Message, StringComparison.Ordinal);
        Assert.Equal("False", Condition(await h.GetAsync("family"), ConditionTypes.Ready));
    }

    [Fact]
    public async Task Growth_OnAClassThatAllowsExpansion_IsApplied()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "storage: {sessions: {storageClassName: expandable}}\n");
        await h.ConvergeAsync("family");
        await BindAsync(h, "family-sessions");

        await h.UpdateSpecAsync("family", spec => spec.Storage.Sessions.Size = new ResourceQuantity("20Gi"));
        await h.ConvergeAsync("family");

        Assert.Equal("20Gi", Claim(h).Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("False", Condition(await h.GetAsync("family"), ConditionTypes.Degraded));
    }

    [Fact]
    public async Task Growth_OfAnUnboundClaim_WaitsForTheBinding()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "storage: {sessions: {storageClassName: expandable}}\n");
        await h.ConvergeAsync("family");

        await h.UpdateSpecAsync("family", spec => spec.Storage.Sessions.Size = new ResourceQuantity("20Gi"));
        await h.ConvergeAsync("family");
        Assert.Equal(ConditionReasons.VolumeNotBound, FindCondition(await h.GetAsync("family"), ConditionTypes.Degraded)!.Reason);

        await BindAsync(h, "family-sessions");
        await h.ConvergeAsync("family");
        Assert.Equal("20Gi", Claim(h).Spec.Resources.Requests["storage"].ToString());
    }

    // What the volume binder does once a pod of a WaitForFirstConsumer claim is scheduled.
    private static Task BindAsync(ReconcilerHarness h, string claim)
    {
        h.Fake.Store.Update<V1PersistentVolumeClaim>(Namespace, claim, pvc =>
        {
            pvc.Spec.VolumeName = "pvc-" + pvc.Metadata.Uid;
            pvc.Status = new V1PersistentVolumeClaimStatus
            {
                Phase = "Bound",
                AccessModes = pvc.Spec.AccessModes,
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = pvc.Spec.Resources.Requests["storage"] },
            };
        });
        return Task.CompletedTask;
    }

    private static V1PersistentVolumeClaim Claim(ReconcilerHarness h) => h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, "family-sessions")!;
}
