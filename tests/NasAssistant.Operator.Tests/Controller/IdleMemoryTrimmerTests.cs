using Microsoft.Extensions.Time.Testing;
using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Tests.Controller;

/// <summary>When an emptied work queue is worth a collection: after a burst's worth of allocation, and not too often.</summary>
public sealed class IdleMemoryTrimmerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private long _allocated;
    private int _collections;

    [Fact]
    public void AQuietQueue_AfterLittleWork_IsNotWorthACollection()
    {
        var trimmer = NewTrimmer();
        _time.Advance(TimeSpan.FromMinutes(1));
        _allocated += IdleMemoryTrimmer.AllocationThreshold - 1;

        Assert.False(trimmer.OnIdle());
        Assert.Equal(0, _collections);
    }

    [Fact]
    public void TheEndOfABurst_Collects_OnceUntilTheNextBurst()
    {
        var trimmer = NewTrimmer();
        _time.Advance(TimeSpan.FromMinutes(1));
        _allocated += IdleMemoryTrimmer.AllocationThreshold;

        Assert.True(trimmer.OnIdle());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(trimmer.OnIdle());
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void BurstsInQuickSuccession_CollectAtMostOncePerInterval()
    {
        var trimmer = NewTrimmer();
        _time.Advance(IdleMemoryTrimmer.MinInterval);
        _allocated += IdleMemoryTrimmer.AllocationThreshold;
        Assert.True(trimmer.OnIdle());

        _allocated += IdleMemoryTrimmer.AllocationThreshold;
        _time.Advance(IdleMemoryTrimmer.MinInterval / 2);
        Assert.False(trimmer.OnIdle());
        _time.Advance(IdleMemoryTrimmer.MinInterval / 2);
        Assert.True(trimmer.OnIdle());
        Assert.Equal(2, _collections);
    }

    private IdleMemoryTrimmer NewTrimmer() => new(_time, () => _allocated, () => _collections++);
}
