using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Tests.Generation;

/// <summary>
/// A conversation's key/value cache kept between turns: the next turn computes only what is new, and the
/// reply is the same as a fresh generator's.
/// </summary>
public sealed class KeyValueCacheReuseTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static readonly ChatTurn[] FirstTurn = [new("user", "Hello there, how are you?")];

    public static TheoryData<string, int, string?> FirstTurnEndings => new()
    {
        { "max tokens", 20, null },
        { "stop sequence", 30, "stop" },
        { "one token", 1, null },
    };

    [Theory]
    [MemberData(nameof(FirstTurnEndings))]
    public async Task SecondTurn_ReusesTheFirstTurnsCacheAndRepliesAsAFreshGenerator(string ending, int firstMaxTokens, string? stopKind)
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        IReadOnlyList<string> stops = [];
        if (stopKind is not null)
        {
            var probe = await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = firstMaxTokens });
            stops = [probe.Text.Substring(8, 2)];
        }

        var first = await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = firstMaxTokens, Stop = stops, CacheKey = "c1" });
        Assert.Equal(0, first.Usage.CachedPromptTokens);
        Assert.Equal(1, generator.CachedConversations);

        ChatTurn[] second = [.. FirstTurn, new("assistant", first.Text), new("user", "And then?")];
        var reused = await TinyModels.CollectAsync(generator, second, new GenerationSettings { MaxTokens = 25, CacheKey = "c1" });
        var fresh = await TinyModels.CollectAsync(generator, second, new GenerationSettings { MaxTokens = 25 });

        // At least the whole first prompt but its last token (GenAI cannot rewind to the full length of its cache).
        Assert.True(reused.Usage.CachedPromptTokens >= first.Usage.PromptTokens - 1, $"{ending}: {reused.Usage.CachedPromptTokens} cached tokens");
        Assert.True(reused.Usage.CachedPromptTokens < reused.Usage.PromptTokens);
        Assert.Equal(fresh.Usage.PromptTokens, reused.Usage.PromptTokens);
        Assert.Equal(0, fresh.Usage.CachedPromptTokens);
        Assert.Equal(fresh.Text, reused.Text);
        Assert.Equal(fresh.Finish, reused.Finish);

        // And once more, continuing the continued generator.
        ChatTurn[] third = [.. second, new("assistant", reused.Text), new("user", "Why?")];
        var reusedAgain = await TinyModels.CollectAsync(generator, third, new GenerationSettings { MaxTokens = 25, CacheKey = "c1" });
        var freshAgain = await TinyModels.CollectAsync(generator, third, new GenerationSettings { MaxTokens = 25 });
        Assert.True(reusedAgain.Usage.CachedPromptTokens >= reused.Usage.PromptTokens);
        Assert.Equal(freshAgain.Text, reusedAgain.Text);
    }

    [Fact]
    public async Task SameTurnAgain_ReusesAllButTheLastPromptToken()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var first = await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = 15, CacheKey = "again" });
        var repeat = await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = 15, CacheKey = "again" });

        Assert.Equal(first.Usage.PromptTokens - 1, repeat.Usage.CachedPromptTokens);
        Assert.Equal(first.Text, repeat.Text);
    }

    [Fact]
    public async Task DifferentConversationUnderTheSameKey_StartsAfresh()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = 10, CacheKey = "k" });

        ChatTurn[] other = [new("system", "Something else entirely.")];
        var reply = await TinyModels.CollectAsync(generator, other, new GenerationSettings { MaxTokens = 10, CacheKey = "k" });
        var fresh = await TinyModels.CollectAsync(generator, other, new GenerationSettings { MaxTokens = 10 });

        Assert.Equal(0, reply.Usage.CachedPromptTokens);
        Assert.Equal(fresh.Text, reply.Text);
    }

    [Fact]
    public async Task SampledTurns_ReuseOnlyWithTheSameSettingsAndNoSeed()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var sampled = new GenerationSettings { MaxTokens = 10, Temperature = 0.8f, CacheKey = "s" };
        var first = await TinyModels.CollectAsync(generator, FirstTurn, sampled);
        ChatTurn[] second = [.. FirstTurn, new("assistant", first.Text), new("user", "And then?")];

        var sameSettings = await TinyModels.CollectAsync(generator, second, sampled);
        Assert.True(sameSettings.Usage.CachedPromptTokens > 0);

        ChatTurn[] third = [.. second, new("assistant", sameSettings.Text), new("user", "Why?")];
        var greedy = await TinyModels.CollectAsync(generator, third, sampled with { Temperature = 0 });
        Assert.Equal(0, greedy.Usage.CachedPromptTokens);

        ChatTurn[] fourth = [.. third, new("assistant", greedy.Text), new("user", "Sure?")];
        var seeded = await TinyModels.CollectAsync(generator, fourth, sampled with { Seed = 3 });
        var seededFresh = await TinyModels.CollectAsync(generator, fourth, sampled with { Seed = 3, CacheKey = null });
        Assert.Equal(0, seeded.Usage.CachedPromptTokens);
        Assert.Equal(seededFresh.Text, seeded.Text);
    }

    [Fact]
    public async Task KeptConversations_AreBoundedLeastRecentlyUsedFirst()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat, new GenAiTextGeneratorOptions { CachedConversations = 2 });
        var replies = new Dictionary<string, string>();
        foreach (var key in new[] { "a", "b", "c" })
        {
            var reply = await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = 8, CacheKey = key });
            replies[key] = reply.Text;
            Assert.InRange(generator.CachedConversations, 1, 2);
        }

        Assert.Equal(2, generator.CachedConversations);
        ChatTurn[] Next(string key) => [.. FirstTurn, new("assistant", replies[key]), new("user", "And then?")];

        var evicted = await TinyModels.CollectAsync(generator, Next("a"), new GenerationSettings { MaxTokens = 8, CacheKey = "a" });
        Assert.Equal(0, evicted.Usage.CachedPromptTokens);

        // Putting "a" back evicted "b", the least recently used; "c" is still there.
        var kept = await TinyModels.CollectAsync(generator, Next("c"), new GenerationSettings { MaxTokens = 8, CacheKey = "c" });
        Assert.True(kept.Usage.CachedPromptTokens > 0);
        Assert.Equal(2, generator.CachedConversations);
    }

    [Fact]
    public async Task NoCachedConversations_KeepsNothing()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat, new GenAiTextGeneratorOptions { CachedConversations = 0 });
        var first = await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = 5, CacheKey = "x" });
        var again = await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = 5, CacheKey = "x" });

        Assert.Equal(0, generator.CachedConversations);
        Assert.Equal(0, again.Usage.CachedPromptTokens);
        Assert.Equal(first.Text, again.Text);
    }

    [Fact]
    public async Task TurnThatNeedsMoreRoomThanTheCachedGenerator_StartsAfresh()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat, new GenAiTextGeneratorOptions { CacheHeadroomTokens = 0 });
        var first = await TinyModels.CollectAsync(generator, FirstTurn, new GenerationSettings { MaxTokens = 5, CacheKey = "room" });
        ChatTurn[] second = [.. FirstTurn, new("assistant", first.Text), new("user", "And then?")];

        var reply = await TinyModels.CollectAsync(generator, second, new GenerationSettings { MaxTokens = 5, CacheKey = "room" });
        var fresh = await TinyModels.CollectAsync(generator, second, new GenerationSettings { MaxTokens = 5 });

        Assert.Equal(0, reply.Usage.CachedPromptTokens);
        Assert.Equal(fresh.Text, reply.Text);
    }

    [Fact]
    public async Task ReplyEndedByTheModel_IsContinuedLikeAFreshOne()
    {
        using var generator = GenAiTextGenerator.Open(models.EndsItself);
        ChatTurn[] shortTurn = [new("user", "Hi")];
        var first = await TinyModels.CollectAsync(generator, shortTurn, new GenerationSettings { MaxTokens = 100, CacheKey = "eos" });
        Assert.Equal(FinishReason.Stop, first.Finish);

        ChatTurn[] second = [.. shortTurn, new("assistant", first.Text), new("user", "Ok")];
        var reused = await TinyModels.CollectAsync(generator, second, new GenerationSettings { MaxTokens = 100, CacheKey = "eos" });
        var fresh = await TinyModels.CollectAsync(generator, second, new GenerationSettings { MaxTokens = 100 });

        Assert.True(reused.Usage.CachedPromptTokens > 0);
        Assert.Equal(fresh.Text, reused.Text);
        Assert.Equal(fresh.Finish, reused.Finish);
        Assert.Equal(fresh.Usage.CompletionTokens, reused.Usage.CompletionTokens);
    }
}
