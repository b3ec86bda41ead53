using k8s.Models;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Reconciliation.Volumes;

namespace NasAssistant.Operator.Tests.Reconciliation.Volumes;

public sealed class ClaimPlannerTests
{
    private const string Field = "spec.storage.sessions";

    public static TheoryData<string, string?, string, string?, string?> Changes => new()
    {
        // wanted size, wanted class, wanted mode, expected reason, expected size kept (null: wanted applied)
        { "5Gi", null, "ReadWriteOnce", null, null },
        { "5Gi", "local-path", "ReadWriteOnce", null, null },
        { "3Gi", null, "ReadWriteOnce", ConditionReasons.VolumeShrinkForbidden, "5Gi" },
        { "5Gi", "fast-ssd", "ReadWriteOnce", ConditionReasons.VolumeChangeForbidden, null },
        { "5Gi", null, "ReadWriteMany", ConditionReasons.VolumeChangeForbidden, null },
        { "10Gi", null, "ReadWriteOnce", ConditionReasons.VolumeExpansionUnsupported, "5Gi" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void BoundClaim_OnLocalPath_GetsOnlyWhatKubernetesAllows(string size, string? storageClass, string mode, string? reason, string? keptSize)
    {
        var plan = ClaimPlanner.Plan(Field, Claim(size, storageClass, mode), Live(bound: true), LocalPath(expandable: false));

        Assert.Equal(reason, plan.Issues.Count > 0 ? plan.Issues[0].Reason : null);
        Assert.Equal(keptSize ?? size, plan.Claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal(["ReadWriteOnce"], plan.Claim.Spec.AccessModes);
        Assert.Equal(storageClass is null ? null : "local-path", plan.Claim.Spec.StorageClassName);
    }

    [Fact]
    public void Growth_IsApplied_WhenTheClassAllowsExpansion_AndTheClaimIsBound()
    {
        var plan = ClaimPlanner.Plan(Field, Claim("10Gi"), Live(bound: true), LocalPath(expandable: true));

        Assert.Empty(plan.Issues);
        Assert.Equal("10Gi", plan.Claim.Spec.Resources.Requests["storage"].ToString());
    }

    [Fact]
    public void Growth_WaitsForBinding_AndSaysSo()
    {
        var plan = ClaimPlanner.Plan(Field, Claim("10Gi"), Live(bound: false), LocalPath(expandable: true));

        var issue = Assert.Single(plan.Issues);
        Assert.Equal(ConditionReasons.VolumeNotBound, issue.Reason);
        Assert.Equal("5Gi", plan.Claim.Spec.Resources.Requests["storage"].ToString());
    }

    [Fact]
    public void RefusedGrowth_TellsTheUserWhatToDo()
    {
        var issue = Assert.Single(ClaimPlanner.Plan(Field, Claim("10Gi"), Live(bound: true), LocalPath(expandable: false)).Issues);

        Assert.Equal(
            "spec.storage.sessions.size 10Gi is not applied: StorageClass local-path does not allow volume expansion, so claim family-sessions stays 5Gi; "
            + "use a StorageClass with allowVolumeExpansion: true, or copy the data to a larger claim and name it in spec.storage.sessions.existingClaim",
            issue.Message);
    }

    [Fact]
    public void ImmutableChange_OfAnUnboundClaim_OffersToRecreateIt_SinceItHoldsNoData()
    {
        var issue = Assert.Single(ClaimPlanner.Plan(Field, Claim("5Gi", mode: "ReadWriteMany"), Live(bound: false), null).Issues);

        Assert.Contains("holds no data: delete it (kubectl delete pvc family-sessions -n home)", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewClaim_IsAppliedAsWanted()
    {
        var wanted = Claim("5Gi", "fast-ssd", "ReadWriteOncePod");

        var plan = ClaimPlanner.Plan(Field, wanted, null, null);

        Assert.Same(wanted, plan.Claim);
        Assert.Empty(plan.Issues);
    }

    [Theory]
    [InlineData("5Gi", "5Gi", false)]
    [InlineData("6Gi", "5Gi", true)]
    [InlineData("5120Mi", "5Gi", false)]
    [InlineData("4Gi", "5Gi", false)]
    public void Grows_ComparesQuantities_NotText(string wanted, string live, bool grows) =>
        Assert.Equal(grows, ClaimPlanner.Grows(Claim(wanted), Claim(live)));

    private static V1PersistentVolumeClaim Claim(string size, string? storageClass = null, string mode = "ReadWriteOnce") => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        Metadata = new V1ObjectMeta { Name = "family-sessions", NamespaceProperty = "home" },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = [mode],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };

    private static V1PersistentVolumeClaim Live(bool bound)
    {
        var live = Claim("5Gi", "local-path");
        live.Spec.VolumeName = bound ? "pvc-0d3e" : null;
        live.Status = new V1PersistentVolumeClaimStatus { Phase = bound ? "Bound" : "Pending" };
        return live;
    }

    private static V1StorageClass LocalPath(bool expandable) => new()
    {
        Metadata = new V1ObjectMeta { Name = "local-path" },
        Provisioner = "rancher.io/local-path",
        AllowVolumeExpansion = expandable ? true : null,
    };
}
