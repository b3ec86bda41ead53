using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Controllers.GarbageCollection;

/// <summary>Orphan deletion: the collector removes the deleted owner's references, and only those.</summary>
public sealed class OrphanTests : LifecycleTest
{
    [Fact]
    public async Task OrphaningEachOwnerInTurn_RemovesOnlyItsReference()
    {
        var first = Seed(Deployment("first"));
        var second = Seed(Deployment("second"));
        var shared = Seed(ConfigMap("shared", owners: [OwnerReference(first, blockOwnerDeletion: true), OwnerReference(second, blockOwnerDeletion: true)]));
        var onlyFirst = Seed(ConfigMap("only-first", owners: [OwnerReference(first)]));

        await DeleteAsync(first, "?propagationPolicy=Orphan");
        await GoneAsync(first);
        Assert.Equal([Uid(second)], OwnerUids(Find(shared)!));
        Assert.Empty(OwnerUids(Find(onlyFirst)!));

        await DeleteAsync(second, body: """{"orphanDependents":true}""");
        await GoneAsync(second);
        var orphan = Find(shared)!;
        Assert.Empty(OwnerUids(orphan));
        Assert.False(IsDeleting(orphan));
    }

    [Fact]
    public async Task Orphaning_WaitsForTheOwnersOtherFinalizers()
    {
        var owner = Seed(ConfigMap("owner", finalizers: Finalizer));
        var dependent = Seed(ConfigMap("dependent", owners: [OwnerReference(owner)]));

        await DeleteAsync(owner, "?propagationPolicy=Orphan");

        var waiting = await UntilAsync(owner, o => Finalizers(o).SequenceEqual([Finalizer]), "the collector to finish orphaning");
        Assert.True(IsDeleting(waiting));
        Assert.Empty(OwnerUids(Find(dependent)!));
        RemoveFinalizer(owner, Finalizer);
        await GoneAsync(owner);
        Assert.NotNull(Find(dependent));
    }

    private static string Uid(System.Text.Json.Nodes.JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();
}
