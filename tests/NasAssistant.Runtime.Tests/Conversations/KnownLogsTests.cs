using NasAssistant.Runtime.Conversations;

namespace NasAssistant.Runtime.Tests.Conversations;

public sealed class KnownLogsTests
{
    [Fact]
    public void PastTheBudget_TheLeastRecentlyUsedAreForgotten()
    {
        var logs = new KnownLogs(budgetBytes: 250);
        logs.Set("a", Log(100));
        logs.Set("b", Log(100));
        Assert.NotNull(logs.Get("a"));

        logs.Set("c", Log(100));

        Assert.NotNull(logs.Get("a"));
        Assert.Null(logs.Get("b"));
        Assert.NotNull(logs.Get("c"));
    }

    [Fact]
    public void Replacing_AndRemoving_GiveTheirBytesBack()
    {
        var logs = new KnownLogs(budgetBytes: 250);
        logs.Set("a", Log(200));
        logs.Set("a", Log(100));
        logs.Set("b", Log(100));
        logs.Remove("a");

        logs.Set("c", Log(150));

        Assert.Null(logs.Get("a"));
        Assert.Equal(100, logs.Get("b")?.Length);
        Assert.Equal(150, logs.Get("c")?.Length);
    }

    private static KnownLog Log(long length) => new(length, 1, [1, 2, 3], null);
}
