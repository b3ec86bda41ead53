using Microsoft.Extensions.Time.Testing;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Delivery;

public sealed class ChannelStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Reopened_RemembersPartsSentCompletedRepliesConversationsAndCitations()
    {
        using (var store = ChannelStore.Open(_directory.Path, _time))
        {
            store.PartSent("100", 0);
            store.PartSent("100", 1);
            store.PartSent("101", 0);
            store.Completed("101");
            store.StartConversation("42", "family-42-abc");
            store.SetCitations("42", [new Citation(1, "wifi.md", 0), new Citation(2, "backup.md", 3)]);
        }

        using var reopened = ChannelStore.Open(_directory.Path, _time);

        Assert.Equal(new DeliveryProgress(2, false), reopened.Progress("100"));
        Assert.Equal(new DeliveryProgress(1, true), reopened.Progress("101"));
        Assert.Equal(default, reopened.Progress("102"));
        Assert.Equal("family-42-abc", reopened.ConversationOf("42"));
        Assert.Null(reopened.ConversationOf("43"));
        Assert.Equal([new Citation(1, "wifi.md", 0), new Citation(2, "backup.md", 3)], reopened.CitationsOf("42"));
    }

    [Fact]
    public void TornLastLine_FromACrash_IsCutOff_AndLaterRecordsStillRead()
    {
        using (var store = ChannelStore.Open(_directory.Path, _time))
        {
            store.Completed("7");
        }

        var journal = Path.Combine(_directory.Path, "journal.jsonl");
        File.AppendAllText(journal, "{\"at\":1,\"delivery\":\"8\",\"pa");
        using (var store = ChannelStore.Open(_directory.Path, _time))
        {
            Assert.True(store.Progress("7").Completed);
            Assert.Equal(default, store.Progress("8"));
            store.Completed("9");
        }

        using var reopened = ChannelStore.Open(_directory.Path, _time);
        Assert.True(reopened.Progress("9").Completed);
        Assert.All(File.ReadAllLines(journal), line => Assert.EndsWith("}", line, StringComparison.Ordinal));
    }

    [Fact]
    public void LargeJournal_IsCompactedWhenOpened_KeepingRecentDeliveriesAndEveryChat()
    {
        using (var store = ChannelStore.Open(_directory.Path, _time))
        {
            store.StartConversation("42", "family-42-old");
            var padding = new string('x', 4000);
            for (var i = 0; i < 1200; i++)
            {
                store.Completed($"{i}-{padding}");
            }

            _time.Advance(ChannelStore.DeliveryRetention + TimeSpan.FromHours(1));
            store.Completed("recent");
        }

        var journal = Path.Combine(_directory.Path, "journal.jsonl");
        Assert.True(new FileInfo(journal).Length > ChannelStore.CompactionBytes);

        using var reopened = ChannelStore.Open(_directory.Path, _time);

        Assert.True(new FileInfo(journal).Length < 1024);
        Assert.True(reopened.Progress("recent").Completed);
        Assert.False(reopened.Progress($"0-{new string('x', 4000)}").Completed);
        Assert.Equal("family-42-old", reopened.ConversationOf("42"));
    }

    public void Dispose() => _directory.Dispose();
}
