using NasAssistant.Gateway.Delivery;

namespace NasAssistant.Gateway.Tests.Delivery;

public sealed class ConversationIdsTests
{
    private const string RuntimeIdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    // The runtime's rule for X-Assistant-User (IdentityNames.ChannelUser).
    private const string RuntimeUserPattern = @"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?:[A-Za-z0-9._@+=-]{1,128}\z";

    [Theory]
    [InlineData("family", "123456789", "family:123456789", "family-123456789")]
    [InlineData("family", "-100555", "family:-100555", "family--100555")]
    [InlineData("office", "ou_7d8a6e6df7621556ce0d21922b676706", "office:ou_7d8a6e6df7621556ce0d21922b676706", "office-ou_7d8a6e6df7621556ce0d21922b676706")]
    public void UserAndFirstConversation_NameTheChannelAndChat(string channel, string chat, string user, string conversation)
    {
        Assert.Equal(user, ConversationIds.User(channel, chat));
        Assert.Equal(conversation, ConversationIds.First(channel, chat));
    }

    [Theory]
    [InlineData("alice@example.org")]
    [InlineData("a very long chat id with spaces and more than forty characters in it")]
    [InlineData("名前")]
    public void ChatIdsOutsideTheRuntimesAlphabet_AreReplacedByTheirDigest(string chat)
    {
        var first = ConversationIds.First("family", chat);
        var after = ConversationIds.After("family", chat, "event-1");
        var user = ConversationIds.User("family", chat);

        Assert.Matches(RuntimeIdPattern, first);
        Assert.Matches(RuntimeIdPattern, after);
        Assert.Matches(RuntimeUserPattern, user);
        Assert.NotEqual(first, ConversationIds.First("family", chat + "x"));
        Assert.NotEqual(user, ConversationIds.User("family", chat + "x"));
    }

    [Fact]
    public void New_DependsOnTheDeliveryThatAskedForIt_SoARedeliveryStartsTheSameConversation()
    {
        Assert.Equal(ConversationIds.After("family", "42", "1001"), ConversationIds.After("family", "42", "1001"));
        Assert.NotEqual(ConversationIds.After("family", "42", "1001"), ConversationIds.After("family", "42", "1002"));
        Assert.Equal(ConversationIds.IdempotencyKey("family", "42", "1001", "hi"), ConversationIds.IdempotencyKey("family", "42", "1001", "hi"));
        Assert.NotEqual(ConversationIds.IdempotencyKey("family", "42", "1001", "hi"), ConversationIds.IdempotencyKey("family", "43", "1001", "hi"));
    }

    [Fact]
    public void IdempotencyKey_DiffersForAnotherMessageUnderAReusedDeliveryId()
    {
        Assert.NotEqual(ConversationIds.IdempotencyKey("family", "42", "1001", "hi"), ConversationIds.IdempotencyKey("family", "42", "1001", "hello"));
    }

    [Theory]
    [InlineData("1001")]
    [InlineData("evt_3f6c1a0e-9b1d-4c8e-a7f2-5b0c1d2e3f40-with-a-long-platform-suffix-beyond-64")]
    [InlineData("名前 with spaces")]
    public void IdempotencyKey_IsPrintableAsciiWithinTheRuntimesLimit(string deliveryId)
    {
        var key = ConversationIds.IdempotencyKey(new string('c', 63), "a very long chat id with spaces and more than forty characters in it", deliveryId, "hi");

        Assert.Matches("^[!-~]{1,200}$", key);
    }
}
