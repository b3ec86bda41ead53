using System.Security.Cryptography;
using System.Text;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Security;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Conversations;

public sealed class ConversationStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public static TheoryData<string, byte[]> TornTails => new()
    {
        { "partial header", [0x10, 0x00, 0x00] },
        { "length past the end", [0xFF, 0xFF, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, (byte)'{'] },
        { "checksum mismatch", [0x02, 0x00, 0x00, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, (byte)'{', (byte)'}'] },
        { "zeros from a preallocated block", new byte[64] },
    };

    [Fact]
    public void RecordFrame_IsLengthThenTheStandardCrc32_SoFilesFromEveryVersionStayReadable()
    {
        // "123456789" is CRC-32's published check value (0xCBF43926, as zlib computes it).
        var frame = ConversationLog.Frame("123456789"u8);

        Assert.Equal([0x09, 0x00, 0x00, 0x00, 0x26, 0x39, 0xF4, 0xCB, .. "123456789"u8.ToArray()], frame);
    }

    [Theory]
    [MemberData(nameof(TornTails))]
    public async Task TornTail_IsTruncatedOnOpen_AndOnlyWholeRecordsAreServed(string name, byte[] tail)
    {
        using var store = Stores.Open(_directory.Path);
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync("torn", Caller.Anonymous, "user", $"turn {i}", CancellationToken.None);
        }

        var file = _directory.File("torn.log");
        var whole = new FileInfo(file).Length;
        await using (var stream = new FileStream(file, FileMode.Append))
        {
            await stream.WriteAsync(tail);
        }

        var turns = await store.ReadAsync("torn", Caller.Anonymous, CancellationToken.None);

        Assert.NotNull(turns);
        Assert.Equal(["turn 0", "turn 1", "turn 2"], turns.Select(t => t.Content));
        Assert.True(whole == new FileInfo(file).Length, $"{name}: the torn tail was not truncated");
        var next = await store.AppendAsync("torn", Caller.Anonymous, "assistant", "after repair", CancellationToken.None);
        Assert.Equal(3, next.Index);
    }

    [Fact]
    public async Task HalfWrittenRecord_IsDroppedBeforeTheNextAppend()
    {
        using var store = Stores.Open(_directory.Path);
        await store.AppendAsync("half", Caller.Anonymous, "user", "kept", CancellationToken.None);
        var file = _directory.File("half.log");
        var whole = await File.ReadAllBytesAsync(file);

        // The same record again, cut off halfway: what a crash in the middle of write() leaves.
        await File.WriteAllBytesAsync(file, [.. whole, .. whole.AsSpan(0, whole.Length / 2)]);
        var turn = await store.AppendAsync("half", Caller.Anonymous, "user", "next", CancellationToken.None);
        var turns = await store.ReadAsync("half", Caller.Anonymous, CancellationToken.None);

        Assert.Equal(1, turn.Index);
        Assert.Equal(["kept", "next"], turns!.Select(t => t.Content));
    }

    [Fact]
    public async Task Encrypted_FilesHoldNoPlaintext_AndTurnsReadBack()
    {
        var key = _directory.File("key");
        await File.WriteAllTextAsync(key, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        var sessions = Path.Combine(_directory.Path, "sessions");
        const string Marker = "the-owner-secret-8f3a";
        using (var store = Stores.Open(sessions, key))
        {
            Assert.True(store.Encrypted);
            for (var i = 0; i < 5; i++)
            {
                await store.AppendAsync("private", Caller.Anonymous, "user", $"{Marker} number {i}", CancellationToken.None);
            }
        }

        foreach (var path in Directory.EnumerateFiles(sessions, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            foreach (var needle in new[] { Marker, "content", "number" })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"'{needle}' in plaintext in {Path.GetFileName(path)}");
            }
        }

        using var reopened = Stores.Open(sessions, key);
        var turns = await reopened.ReadAsync("private", Caller.Anonymous, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{Marker} number {i}"), turns!.Select(t => t.Content));
    }

    [Fact]
    public async Task WrongKey_FailsAtOpen_AndLeavesTheFilesAsTheyWere()
    {
        var key = _directory.File("key");
        var other = _directory.File("other-key");
        await File.WriteAllBytesAsync(key, RandomNumberGenerator.GetBytes(32));
        await File.WriteAllBytesAsync(other, RandomNumberGenerator.GetBytes(32));
        var sessions = Path.Combine(_directory.Path, "sessions");
        using (var store = Stores.Open(sessions, key))
        {
            await store.AppendAsync("kept", Caller.Anonymous, "user", "hello", CancellationToken.None);
        }

        var before = Snapshot(sessions);

        var wrong = Assert.Throws<ConversationStoreException>(() => Stores.Open(sessions, other));
        var none = Assert.Throws<ConversationStoreException>(() => Stores.Open(sessions));

        Assert.Contains("is not the key the conversations", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("encryptionKeyFile is not set", none.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(sessions));
        using var right = Stores.Open(sessions, key);
        Assert.Equal("hello", Assert.Single((await right.ReadAsync("kept", Caller.Anonymous, CancellationToken.None))!).Content);
    }

    [Fact]
    public async Task Key_OnAFolderOfPlaintextConversations_FailsAtOpen()
    {
        var key = _directory.File("key");
        await File.WriteAllBytesAsync(key, RandomNumberGenerator.GetBytes(32));
        using (var store = Stores.Open(_directory.Path))
        {
            await store.AppendAsync("plain", Caller.Anonymous, "user", "hello", CancellationToken.None);
        }

        var e = Assert.Throws<ConversationStoreException>(() => Stores.Open(_directory.Path, key));

        Assert.Contains("stored without encryption", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File(".keycheck")));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789012345678901234567890123456789")]
    public async Task KeyOfWrongLength_FailsAtOpen(string content)
    {
        var key = _directory.File("key");
        await File.WriteAllTextAsync(key, content);

        var e = Assert.Throws<ConversationStoreException>(() => Stores.Open(Path.Combine(_directory.Path, "s"), key));

        Assert.Contains("32-byte AES-256 key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetentionSweep_RemovesOnlyConversationsUntouchedPastTheRetention()
    {
        using var store = Stores.Open(_directory.Path, retentionDays: 7);
        foreach (var id in new[] { "expired", "recent", "fresh" })
        {
            await store.AppendAsync(id, Caller.Anonymous, "user", id, CancellationToken.None);
        }

        File.SetLastWriteTimeUtc(_directory.File("expired.log"), DateTime.UtcNow.AddDays(-8));
        File.SetLastWriteTimeUtc(_directory.File("recent.log"), DateTime.UtcNow.AddDays(-6));

        var removed = await store.SweepAsync(CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Null(await store.ReadAsync("expired", Caller.Anonymous, CancellationToken.None));
        Assert.NotNull(await store.ReadAsync("recent", Caller.Anonymous, CancellationToken.None));
        Assert.NotNull(await store.ReadAsync("fresh", Caller.Anonymous, CancellationToken.None));
    }

    [Fact]
    public async Task RetentionZero_KeepsEverything()
    {
        using var store = Stores.Open(_directory.Path, retentionDays: 0);
        await store.AppendAsync("ancient", Caller.Anonymous, "user", "x", CancellationToken.None);
        File.SetLastWriteTimeUtc(_directory.File("ancient.log"), DateTime.UtcNow.AddYears(-5));

        Assert.Equal(0, await store.SweepAsync(CancellationToken.None));
        Assert.NotNull(await store.ReadAsync("ancient", Caller.Anonymous, CancellationToken.None));
    }

    [Fact]
    public async Task SizeCap_RefusesTheTurnThatWouldPassIt_AndWritesNothing()
    {
        using var store = Stores.Open(_directory.Path, maxBytes: 1024);
        var content = new string('x', 200);
        var stored = 0;
        ConversationTooLargeException? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            try
            {
                await store.AppendAsync("capped", Caller.Anonymous, "user", content, CancellationToken.None);
                stored++;
            }
            catch (ConversationTooLargeException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains("maxConversationBytes", refused.Message, StringComparison.Ordinal);
        Assert.InRange(stored, 3, 4);
        Assert.True(new FileInfo(_directory.File("capped.log")).Length <= 1024);
        Assert.Equal(stored, (await store.ReadAsync("capped", Caller.Anonymous, CancellationToken.None))!.Count);
    }

    [Fact]
    public async Task TwoStores_OnOneFolder_WritingTheSameConversations_LoseAndInterleaveNothing()
    {
        // Two stores have separate lock sets and handles, as two processes would (the process test covers real ones).
        using var first = Stores.Open(_directory.Path);
        using var second = Stores.Open(_directory.Path);
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? first : second;
            for (var n = 0; n < 25; n++)
            {
                await store.AppendAsync($"shared-{n % 3}", Caller.Anonymous, "user", $"w{w}-n{n}", CancellationToken.None);
            }
        }));
        await Task.WhenAll(writers);

        var all = new List<string>();
        for (var c = 0; c < 3; c++)
        {
            var turns = (await first.ReadAsync($"shared-{c}", Caller.Anonymous, CancellationToken.None))!;
            Assert.Equal(Enumerable.Range(0, turns.Count), turns.Select(t => t.Index));
            all.AddRange(turns.Select(t => t.Content));
        }

        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    [Fact]
    public async Task ConversationDeletedAndWrittenAgainByAnotherStore_IsReadAfresh_NotFromWhatWasKnown()
    {
        using var first = Stores.Open(_directory.Path);
        using var second = Stores.Open(_directory.Path);
        await first.AppendAsync("reborn", Caller.Anonymous, "user", "short", CancellationToken.None);
        Assert.Single((await first.ReadAsync("reborn", Caller.Anonymous, CancellationToken.None))!);

        // Longer than what the first store read, so only its check of the last known record can tell the files apart.
        Assert.True(await second.DeleteAsync("reborn", Caller.Anonymous, CancellationToken.None));
        for (var i = 0; i < 3; i++)
        {
            await second.AppendAsync("reborn", Caller.Anonymous, "user", $"a much longer turn number {i} written after the delete", CancellationToken.None);
        }

        var turns = (await first.ReadAsync("reborn", Caller.Anonymous, CancellationToken.None))!;
        Assert.Equal([0, 1, 2], turns.Select(t => t.Index));
        Assert.All(turns, t => Assert.StartsWith("a much longer turn", t.Content, StringComparison.Ordinal));
        Assert.Equal(3, (await first.AppendAsync("reborn", Caller.Anonymous, "assistant", "next", CancellationToken.None)).Index);
    }

    [Fact]
    public async Task TurnsAppendedByAnotherStore_AreReadOnFrom_WhatThisOneKnew()
    {
        using var first = Stores.Open(_directory.Path);
        using var second = Stores.Open(_directory.Path);
        await first.AppendAsync("shared", Caller.Anonymous, "user", "one", CancellationToken.None);
        Assert.Single((await first.ReadAsync("shared", Caller.Anonymous, CancellationToken.None))!);

        await second.AppendAsync("shared", Caller.Anonymous, "assistant", "two", CancellationToken.None);
        await first.AppendAsync("shared", Caller.Anonymous, "user", "three", CancellationToken.None);
        await second.AppendAsync("shared", Caller.Anonymous, "assistant", "four", CancellationToken.None);

        var turns = (await first.ReadAsync("shared", Caller.Anonymous, CancellationToken.None))!;
        Assert.Equal(["one", "two", "three", "four"], turns.Select(t => t.Content));
        Assert.Equal([0, 1, 2, 3], turns.Select(t => t.Index));
    }

    [Fact]
    public async Task Listing_PagesInIdOrder()
    {
        using var store = Stores.Open(_directory.Path);
        var ids = Enumerable.Range(0, 25).Select(i => $"conv-{i:D2}").ToArray();
        foreach (var id in ids.Reverse())
        {
            await store.AppendAsync(id, Caller.Anonymous, "user", id, CancellationToken.None);
        }

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = store.List(Caller.Anonymous, 10, after);
            pages++;
            seen.AddRange(page.Data.Select(c => c.Id));
            Assert.Equal(page.Data[^1].Id, page.LastId);
            if (!page.HasMore)
            {
                break;
            }

            after = page.LastId;
        }

        Assert.Equal(3, pages);
        Assert.Equal(ids, seen);
        Assert.Empty(store.List(Caller.Anonymous, 10, "conv-24").Data);
    }

    [Fact]
    public async Task Delete_RemovesTheConversation()
    {
        using var store = Stores.Open(_directory.Path);
        await store.AppendAsync("gone", Caller.Anonymous, "user", "x", CancellationToken.None);

        Assert.True(await store.DeleteAsync("gone", Caller.Anonymous, CancellationToken.None));
        Assert.False(await store.DeleteAsync("gone", Caller.Anonymous, CancellationToken.None));
        Assert.Null(await store.ReadAsync("gone", Caller.Anonymous, CancellationToken.None));
        Assert.False(File.Exists(_directory.File("gone.log")));
    }

    public void Dispose() => _directory.Dispose();

    private static Dictionary<string, string> Snapshot(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + ".locks" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(p => p, p => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))));
}
