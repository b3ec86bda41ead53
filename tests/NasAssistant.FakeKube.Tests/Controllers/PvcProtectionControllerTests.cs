using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Controllers;

/// <summary>
/// StorageObjectInUseProtection puts kubernetes.io/pvc-protection on every new claim; the pvc-protection
/// controller takes it off a deleted claim once no scheduled pod in its namespace uses it.
/// </summary>
public sealed class PvcProtectionControllerTests : LifecycleTest
{
    private const string Protection = "kubernetes.io/pvc-protection";

    [Theory]
    [InlineData("")]
    [InlineData("example.com/backup")]
    [InlineData(Protection)]
    public async Task Create_AddsTheProtectionFinalizerOnce(string given)
    {
        var finalizers = given.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var claim = ValidObjects.PersistentVolumeClaim("data");
        claim.Metadata.Finalizers = finalizers;
        var created = await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, "default");

        Assert.Equal(finalizers.Append(Protection).Distinct(), created.Metadata.Finalizers);
    }

    [Fact]
    public async Task DeletedClaim_NobodyUses_Goes()
    {
        var claim = Seed(Claim("data"));
        var (_, answer) = await DeleteAsync(claim);

        Assert.Equal("PersistentVolumeClaim", answer["kind"]!.GetValue<string>());
        Assert.True(IsDeleting(answer));
        await GoneAsync(claim);
    }

    [Fact]
    public async Task DeletedClaim_StaysWhileAScheduledPodUsesIt_AndGoesWithThePod()
    {
        var claim = Seed(Claim("data"));
        var pod = Seed(Pod("web", nodeName: "node-1", claims: "data"));

        await DeleteAsync(claim);
        await ProtectionCaughtUpAsync();
        Assert.Equal([Protection], Finalizers(Find(claim)!));

        await DeleteAsync(pod);
        await GoneAsync(claim);
    }

    [Fact]
    public async Task DeletedClaim_StaysWhileAFinishedPodStillNamesIt()
    {
        var claim = Seed(Claim("data"));
        var pod = Pod("job", nodeName: "node-1", claims: "data");
        pod["status"] = new JsonObject { ["phase"] = "Succeeded" };
        Seed(pod);

        await DeleteAsync(claim);
        await ProtectionCaughtUpAsync();

        Assert.NotNull(Find(claim));
    }

    [Theory]
    [InlineData("unscheduled")]
    [InlineData("in another namespace")]
    [InlineData("using another claim")]
    public async Task DeletedClaim_IsNotHeldByAPod(string that)
    {
        var claim = Seed(Claim("data"));
        Seed(that switch
        {
            "unscheduled" => Pod("pending", claims: "data"),
            "in another namespace" => Pod("elsewhere", ns: "kube-system", nodeName: "node-1", claims: "data"),
            _ => Pod("other", nodeName: "node-1", claims: "other"),
        });

        await DeleteAsync(claim);

        await GoneAsync(claim);
    }

    [Fact]
    public async Task ProtectionRemovedFromALiveClaim_IsPutBack()
    {
        var claim = Seed(Claim("data"));
        RemoveFinalizer(claim, Protection);

        await UntilAsync(claim, c => Finalizers(c).Contains(Protection), "the controller to protect the claim again");
    }

    private static JsonObject Claim(string name) => Json(ValidObjects.PersistentVolumeClaim(name));

    // The controller handles changes in order: once a claim deleted now is gone, earlier ones were looked at.
    private async Task ProtectionCaughtUpAsync()
    {
        var marker = Seed(Claim($"marker-{Guid.NewGuid():N}"));
        await DeleteAsync(marker);
        await GoneAsync(marker);
    }
}
