using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Controllers.GarbageCollection;

/// <summary>
/// Dependents whose owners are absent (never existed, replaced by a namesake with another uid, or looked
/// for in the dependent's own namespace and not there) are collected; one live owner keeps a dependent.
/// </summary>
public sealed class DanglingReferenceTests : LifecycleTest
{
    public static TheoryData<string> AbsentOwners => ["never existed", "namesake with another uid", "in another namespace"];

    [Theory]
    [MemberData(nameof(AbsentOwners))]
    public async Task Dependent_WhoseOwnersAreAllAbsent_IsCollected(string absence)
    {
        var reference = absence switch
        {
            "never existed" => AbsentOwner(),
            "namesake with another uid" => WithUid(OwnerReference(Seed(ConfigMap("owner"))), Guid.NewGuid().ToString()),
            _ => OwnerReference(Seed(ConfigMap("owner", ns: "kube-system"))),
        };

        var dependent = Seed(ConfigMap("dependent", owners: [reference, AbsentOwner("second-ghost")]));

        await GoneAsync(dependent);
    }

    [Fact]
    public async Task Dependent_WithOneLiveOwner_Stays_AndLosesItsDanglingReference()
    {
        var owner = Seed(ConfigMap("owner"));
        var dependent = Seed(ConfigMap("dependent", owners: [AbsentOwner(), OwnerReference(owner)]));

        var kept = await UntilAsync(dependent, d => OwnerUids(d).Count == 1, "the dangling reference to be removed");

        Assert.Equal([owner["metadata"]!["uid"]!.GetValue<string>()], OwnerUids(kept));
        Assert.False(IsDeleting(kept));
    }

    [Fact]
    public async Task Dependent_StaysWhileItsOwnerExists_AndIsCollectedWhenTheOwnerGoes()
    {
        var owner = Seed(ConfigMap("owner"));
        var dependent = Seed(ConfigMap("dependent", owners: [OwnerReference(owner)]));
        await CollectorCaughtUpAsync();
        Assert.NotNull(Find(dependent));

        Fake.Store.Delete("v1", "ConfigMap", "default", "owner");

        await GoneAsync(dependent);
    }

    [Fact]
    public async Task ClusterScopedDependent_OfANamespacedOwner_IsLeftAlone()
    {
        var ns = Namespace("owned");
        ns["metadata"]!["ownerReferences"] = new JsonArray(AbsentOwner());
        Seed(ns);

        await CollectorCaughtUpAsync();

        Assert.NotNull(Find(ns));
    }

    private static JsonObject WithUid(JsonObject reference, string uid)
    {
        reference["uid"] = uid;
        return reference;
    }
}
