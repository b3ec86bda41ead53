using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Security;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Conversations;

public sealed class ConversationIdTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../escape")]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/abs")]
    [InlineData(".hidden")]
    [InlineData("-dash-first")]
    [InlineData("_underscore-first")]
    [InlineData("with space")]
    [InlineData("nul\0byte")]
    [InlineData("newline\n")]
    [InlineData("ümlaut")]
    [InlineData("a:b")]
    [InlineData("a*")]
    public async Task Malformed_IsRejected_AndNothingIsWritten(string id)
    {
        using var store = Stores.Open(Path.Combine(_directory.Path, "sessions"));

        Assert.False(ConversationIds.IsValid(id));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(id, Caller.Anonymous, "user", "x", CancellationToken.None));
        Assert.DoesNotContain(Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories), p => !p.Contains(".locks", StringComparison.Ordinal));
    }

    [Fact]
    public void LongerThan128_IsRejected()
    {
        Assert.True(ConversationIds.IsValid(new string('a', 128)));
        Assert.False(ConversationIds.IsValid(new string('a', 129)));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("user-42.chat_7")]
    [InlineData("A.B-C_D")]
    [InlineData("x..y")]
    public void WellFormed_IsAccepted(string id) => Assert.True(ConversationIds.IsValid(id));

    public void Dispose() => _directory.Dispose();
}
