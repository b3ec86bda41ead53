using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Controllers.GarbageCollection;

/// <summary>
/// Foreground deletion: the owner waits with the foregroundDeletion finalizer while the collector deletes
/// its dependents; only dependents whose reference has blockOwnerDeletion hold it back.
/// </summary>
public sealed class ForegroundDeletionTests : LifecycleTest
{
    [Fact]
    public async Task Owner_WaitsForBlockingDependents_ButNotForOthers()
    {
        var owner = Seed(Deployment("owner"));
        var blocking = Seed(ConfigMap("blocking", owners: [OwnerReference(owner, blockOwnerDeletion: true)], finalizers: Finalizer));
        var other = Seed(ConfigMap("other", owners: [OwnerReference(owner, blockOwnerDeletion: false)], finalizers: Finalizer));

        await DeleteAsync(owner, "?propagationPolicy=Foreground");
        await UntilAsync(blocking, IsDeleting, "the blocking dependent to be deleted");
        await UntilAsync(other, IsDeleting, "the other dependent to be deleted");
        Assert.Equal(["foregroundDeletion"], Finalizers(Find(owner)!));

        RemoveFinalizer(blocking, Finalizer);
        await GoneAsync(owner);
        Assert.True(IsDeleting(Find(other)!));

        RemoveFinalizer(other, Finalizer);
        await GoneAsync(other);
    }

    [Fact]
    public async Task Owner_IsReleased_WhenItsBlockingDependentStopsBlocking()
    {
        var owner = Seed(Deployment("owner"));
        var dependent = Seed(ConfigMap("dependent", owners: [OwnerReference(owner, blockOwnerDeletion: true)], finalizers: Finalizer));
        await DeleteAsync(owner, "?propagationPolicy=Foreground");
        await UntilAsync(dependent, IsDeleting, "the dependent to be deleted");

        Fake.Store.Update("v1", "ConfigMap", "default", "dependent", d => d["metadata"]!["ownerReferences"]![0]!["blockOwnerDeletion"] = false);

        await GoneAsync(owner);
        Assert.True(IsDeleting(Find(dependent)!));
    }

    [Fact]
    public async Task DependentsOwnFinalizers_AreHonoured_AndHoldTheOwner()
    {
        var owner = Seed(Deployment("owner"));
        var dependent = Seed(ConfigMap("dependent", owners: [OwnerReference(owner, blockOwnerDeletion: true)], finalizers: [Finalizer, "second.example/hold"]));

        await DeleteAsync(owner, "?propagationPolicy=Foreground");
        await UntilAsync(dependent, IsDeleting, "the dependent to be deleted");

        RemoveFinalizer(dependent, Finalizer);
        await UntilAsync(dependent, d => Finalizers(d).SequenceEqual(["second.example/hold"]), "one finalizer left");
        await CollectorCaughtUpAsync();
        Assert.NotNull(Find(owner));

        RemoveFinalizer(dependent, "second.example/hold");
        await GoneAsync(dependent);
        await GoneAsync(owner);
    }

    [Fact]
    public async Task Dependents_WithDependentsOfTheirOwn_AreDeletedInTheForegroundToo()
    {
        var owner = Seed(Deployment("owner"));
        var child = Seed(ConfigMap("child", owners: [OwnerReference(owner, blockOwnerDeletion: true)]));
        var grandchild = Seed(ConfigMap("grandchild", owners: [OwnerReference(child, blockOwnerDeletion: true)], finalizers: Finalizer));

        await DeleteAsync(owner, "?propagationPolicy=Foreground");

        await UntilAsync(child, c => Finalizers(c).SequenceEqual(["foregroundDeletion"]), "the child to wait for its own dependent");
        await UntilAsync(grandchild, IsDeleting, "the grandchild to be deleted");
        Assert.NotNull(Find(owner));

        RemoveFinalizer(grandchild, Finalizer);
        await GoneAsync(grandchild);
        await GoneAsync(child);
        await GoneAsync(owner);
    }

    [Fact]
    public async Task Owner_WithoutDependents_GoesAtOnceAfterTheCollectorLooks()
    {
        var owner = Seed(Deployment("owner"));
        var (_, answer) = await DeleteAsync(owner, "?propagationPolicy=Foreground");
        Assert.Equal(["foregroundDeletion"], Finalizers(answer));
        await GoneAsync(owner);
    }
}
