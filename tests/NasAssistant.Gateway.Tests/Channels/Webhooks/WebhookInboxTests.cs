using NasAssistant.Gateway.Channels.Webhooks;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Channels.Webhooks;

public sealed class WebhookInboxTests : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly TempDirectory _directory = new();

    private string InboxFile => Path.Combine(_directory.Path, "inbox.jsonl");

    [Fact]
    public void Reopened_HoldsWhatIsNotDone_WithItsRoute_OldestFirst()
    {
        using (var inbox = WebhookInbox.Open(_directory.Path))
        {
            Assert.True(inbox.Accept(Entry("b", "second", At.AddSeconds(1))));
            Assert.True(inbox.Accept(Entry("a", "first", At)));
            Assert.True(inbox.Accept(Entry("c", "answered", At.AddSeconds(2))));
            inbox.Done("c");
        }

        using var reopened = WebhookInbox.Open(_directory.Path);

        Assert.Equal(["a", "b"], reopened.Pending.Select(e => e.Message.DeliveryId));
        var first = reopened.Pending[0];
        Assert.Equal(("chat-a", "user-a", "first", true), (first.Message.ChatId, first.Message.SenderId, first.Message.Text, first.Message.IsGroup));
        Assert.Equal("https://oapi.example/session/a", first.Route["webhook"]);
        Assert.Equal(At, first.AcceptedAt);
    }

    [Fact]
    public void Accept_OfADeliveryStillWaiting_IsARedelivery()
    {
        using var inbox = WebhookInbox.Open(_directory.Path);

        Assert.True(inbox.Accept(Entry("a", "first", At)));
        Assert.False(inbox.Accept(Entry("a", "first", At.AddSeconds(5))));
        inbox.Done("a");
        Assert.True(inbox.Accept(Entry("a", "first", At.AddSeconds(9))));
    }

    [Fact]
    public void File_IsEmptied_WhenNothingIsLeftToAnswer()
    {
        using var inbox = WebhookInbox.Open(_directory.Path);
        inbox.Accept(Entry("a", "what is the wifi password?", At));
        inbox.Accept(Entry("b", "when is the backup?", At));

        inbox.Done("a");
        Assert.Contains("when is the backup?", File.ReadAllText(InboxFile), StringComparison.Ordinal);
        inbox.Done("b");

        Assert.Equal(0, new FileInfo(InboxFile).Length);
    }

    [Fact]
    public void Opening_KeepsOnlyWhatIsNotDone_AndCutsATornLastLine()
    {
        using (var inbox = WebhookInbox.Open(_directory.Path))
        {
            inbox.Accept(Entry("a", "kept", At));
            inbox.Accept(Entry("b", "answered before the crash", At));
            inbox.Done("b");
        }

        File.AppendAllText(InboxFile, "{\"at\":1,\"accepted\":{\"delivery\":\"c\",\"te");
        using var reopened = WebhookInbox.Open(_directory.Path);

        Assert.Equal(["a"], reopened.Pending.Select(e => e.Message.DeliveryId));
        var text = File.ReadAllText(InboxFile);
        Assert.DoesNotContain("answered before the crash", text, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(InboxFile));
    }

    [Fact]
    public void Accept_AfterTheTermEnded_Throws_SoThePlatformDeliversAgain()
    {
        var inbox = WebhookInbox.Open(_directory.Path);
        inbox.Dispose();

        Assert.Throws<ObjectDisposedException>(() => inbox.Accept(Entry("a", "late", At)));
    }

    public void Dispose() => _directory.Dispose();

    private static InboxEntry Entry(string id, string text, DateTimeOffset at) => new(
        new InboundMessage(id, $"chat-{id}", $"user-{id}", text, IsGroup: true, ArrivedTimestamp: 0),
        new Dictionary<string, string> { ["webhook"] = $"https://oapi.example/session/{id}" },
        at);
}
