namespace NasAssistant.Gateway.Tests.Fakes;

/// <summary>How tests wait on a fake: until a condition over what it recorded holds, woken by each change.</summary>
public static class FakeWaits
{
    /// <summary>Waits until <paramref name="condition"/> holds, checking it after each <paramref name="changed"/> task completes (and at least every 200 ms); fails with <paramref name="describe"/> after <paramref name="limit"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, Func<Task> changed, TimeSpan limit, Func<string> describe)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(describe);
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            var next = changed();
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail(describe());
            }

            await Task.WhenAny(next, Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)));
        }
    }
}
