using Microsoft.ML.OnnxRuntimeGenAI;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Generation;

/// <summary>Generation mechanics on a tiny random decoder: streaming, limits, stops, sampling, cancellation.</summary>
public sealed class GenAiTextGeneratorTests(TinyModels models) : IClassFixture<TinyModels>
{
    private static readonly ChatTurn[] Hello = [new("system", "Be brief."), new("user", "Hello there, how are you?")];

    [Fact]
    public async Task Streaming_YieldsPiecesThatAddUpToTheWholeReply()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 30 });

        var pieces = reply.Steps.Where(s => s.Finish is null).ToArray();
        Assert.True(pieces.Length >= 5, $"expected many pieces, got {pieces.Length}");
        Assert.All(pieces, p => Assert.NotEmpty(p.Text));
        Assert.All(pieces, p => Assert.Null(p.Usage));
        Assert.Equal(Reference(models.Chat, Hello, 30), reply.Text);
        Assert.True(generator.HasChatTemplate);
    }

    [Fact]
    public async Task Prompt_IsTheChatTemplateAndUsageCountsIt()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 3 });

        Assert.Equal(PromptTokens(models.Chat, Hello).Length, reply.Usage.PromptTokens);
        Assert.Equal(0, reply.Usage.CachedPromptTokens);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(50)]
    public async Task MaxTokens_GeneratesExactlyThatManyAndFinishesWithLength(int maxTokens)
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = maxTokens });

        Assert.Equal(FinishReason.Length, reply.Finish);
        Assert.Equal(maxTokens, reply.Usage.CompletionTokens);
        Assert.Equal(maxTokens, generator.TokensGenerated);
        Assert.Equal(Reference(models.Chat, Hello, maxTokens), reply.Text);
    }

    [Fact]
    public async Task EndOfText_FinishesWithStopAndIsNotInTheText()
    {
        using var generator = GenAiTextGenerator.Open(models.EndsItself);
        var promptTokens = PromptTokens(models.EndsItself, Hello).Length;
        Assert.True(promptTokens < TinyModels.EndOfTextAt - 3);

        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 100 });

        Assert.Equal(FinishReason.Stop, reply.Finish);

        // The model writes text until the sequence holds EndOfTextAt tokens, then end-of-text, which is
        // counted as generated but has no text.
        Assert.Equal(TinyModels.EndOfTextAt - promptTokens + 1, reply.Usage.CompletionTokens);
        Assert.Equal(Reference(models.EndsItself, Hello, 100), reply.Text);
        Assert.DoesNotContain("<|", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContextLength_EndsTheReplyWithLength()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 10_000 });

        Assert.Equal(256, generator.ContextLength);
        Assert.Equal(FinishReason.Length, reply.Finish);
        Assert.Equal(generator.ContextLength, reply.Usage.PromptTokens + reply.Usage.CompletionTokens);
    }

    [Fact]
    public async Task PromptThatFillsTheContext_IsRefused()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        ChatTurn[] messages = [new("user", string.Concat(Enumerable.Repeat("x y ", 200)))];

        var e = await Assert.ThrowsAsync<PromptTooLongException>(() => TinyModels.CollectAsync(generator, messages, new GenerationSettings()));

        Assert.Equal(256, e.ContextLength);
        Assert.True(e.PromptTokens >= 256);
        Assert.Contains("256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopSequence_CutsTheReplyBeforeItAndFinishesWithStop()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var full = (await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 40 })).Text;
        var stop = full.Substring(12, 3);
        var at = full.IndexOf(stop, StringComparison.Ordinal);

        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 40, Stop = ["\u0001never", stop] });

        Assert.Equal(FinishReason.Stop, reply.Finish);
        Assert.Equal(full[..at], reply.Text);
        Assert.True(reply.Usage.CompletionTokens < 40);
        Assert.All(reply.Steps, s => Assert.DoesNotContain(stop, s.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopSequencePrefix_IsHeldBackThenReleasedWhenNoStopFollows()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var full = (await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 40 })).Text;

        // The stop starts like the reply's last two characters, so they are held back to the very end.
        var stop = full[^2..] + "\u0001";
        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 40, Stop = [stop] });

        Assert.Equal(FinishReason.Length, reply.Finish);
        Assert.Equal(full, reply.Text);
        Assert.EndsWith(full[^2..], reply.Last.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_ReproducesASampledReply()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        GenerationSettings Sampled(int seed) => new() { MaxTokens = 30, Temperature = 1.5f, TopP = 0.95f, Seed = seed };

        var first = await TinyModels.CollectAsync(generator, Hello, Sampled(42));
        var again = await TinyModels.CollectAsync(generator, Hello, Sampled(42));
        var other = await TinyModels.CollectAsync(generator, Hello, Sampled(43));
        var greedy = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 30 });

        Assert.Equal(first.Text, again.Text);
        Assert.NotEqual(first.Text, other.Text);
        Assert.NotEqual(first.Text, greedy.Text);
    }

    [Fact]
    public async Task Cancellation_StopsAtTheNextTokenAndFreesTheGenerator()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        using var cancel = new CancellationTokenSource();
        var pieces = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            var settings = new GenerationSettings { MaxTokens = 100_000, CacheKey = "cancelled" };
            await foreach (var _ in generator.GenerateAsync(Hello, settings, cancel.Token))
            {
                pieces++;
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(1, pieces);
        Assert.InRange(generator.TokensGenerated, 1, 2);
        Assert.Equal(0, generator.CachedConversations);

        // The slot was given back: the next request runs.
        var next = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 2 });
        Assert.Equal(FinishReason.Length, next.Finish);
    }

    [Fact]
    public async Task CancelledWhileWaitingForASlot_EndsWithoutGenerating()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        await using var holder = generator.GenerateAsync(Hello, new GenerationSettings { MaxTokens = 100 }, default).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync());

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TinyModels.CollectAsync(generator, Hello, new GenerationSettings(), cancel.Token));
        Assert.Equal(1, generator.TokensGenerated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ConcurrentGenerations_AreLimited(int limit)
    {
        using var generator = GenAiTextGenerator.Open(models.Chat, new GenAiTextGeneratorOptions { MaxConcurrentGenerations = limit });
        var first = generator.GenerateAsync(Hello, new GenerationSettings { MaxTokens = 20 }, default).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        // The first reply holds its slot while its reader pauses; a second one starts only if a slot is free.
        var second = generator.GenerateAsync(Hello, new GenerationSettings { MaxTokens = 20 }, default).GetAsyncEnumerator();
        var secondStep = second.MoveNextAsync().AsTask();
        if (limit > 1)
        {
            Assert.True(await secondStep.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        else
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(secondStep.IsCompleted);
            Assert.Equal(1, generator.TokensGenerated);
        }

        await first.DisposeAsync();
        Assert.True(await secondStep.WaitAsync(TimeSpan.FromSeconds(30)));
        await second.DisposeAsync();
    }

    [Fact]
    public async Task ParallelReplies_AreTheSameAsOneAtATime()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat, new GenAiTextGeneratorOptions { MaxConcurrentGenerations = 2 });
        ChatTurn[] other = [new("user", "Tell me about the weather.")];
        var settings = new GenerationSettings { MaxTokens = 40 };

        var both = await Task.WhenAll(
            Task.Run(() => TinyModels.CollectAsync(generator, Hello, settings)),
            Task.Run(() => TinyModels.CollectAsync(generator, other, settings)));

        Assert.Equal(Reference(models.Chat, Hello, 40), both[0].Text);
        Assert.Equal(Reference(models.Chat, other, 40), both[1].Text);
    }

    [Fact]
    public async Task ModelWithoutChatTemplate_UsesThePlainTranscript()
    {
        using var generator = GenAiTextGenerator.Open(models.NoTemplate);
        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 5 });

        Assert.False(generator.HasChatTemplate);
        using var model = new Model(models.NoTemplate);
        using var tokenizer = new Tokenizer(model);
        using var expected = tokenizer.Encode("System: Be brief.\nUser: Hello there, how are you?\nAssistant:");
        Assert.Equal(expected[0].Length, reply.Usage.PromptTokens);
        Assert.Equal(5, reply.Usage.CompletionTokens);
    }

    [Fact]
    public async Task MessagesTheTemplateRefuses_AreAnArgumentError()
    {
        using var directory = new TempDirectory();
        var template = "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}" + TinyChatModel.ChatTemplate;
        using var generator = GenAiTextGenerator.Open(TinyChatModel.Write(directory.Path, new TinyChatModelOptions { ChatTemplate = template }));

        var e = await Assert.ThrowsAsync<ArgumentException>(() => TinyModels.CollectAsync(generator, Hello, new GenerationSettings()));
        Assert.Contains("System role not supported", e.Message, StringComparison.Ordinal);

        var reply = await TinyModels.CollectAsync(generator, [new ChatTurn("user", "Hi")], new GenerationSettings { MaxTokens = 3 });
        Assert.Equal(3, reply.Usage.CompletionTokens);
    }

    [Theory]
    [InlineData(0, 1f)]
    [InlineData(10, -0.1f)]
    [InlineData(10, float.NaN)]
    public async Task SettingsOutOfRange_AreRefused(int maxTokens, float temperature)
    {
        using var generator = GenAiTextGenerator.Open(models.Chat);
        var settings = new GenerationSettings { MaxTokens = maxTokens, Temperature = temperature };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TinyModels.CollectAsync(generator, Hello, settings));
    }

    [Fact]
    public async Task Threads_CanBeSet()
    {
        using var generator = GenAiTextGenerator.Open(models.Chat, new GenAiTextGeneratorOptions { Threads = 1 });
        var reply = await TinyModels.CollectAsync(generator, Hello, new GenerationSettings { MaxTokens = 10 });

        Assert.Equal(Reference(models.Chat, Hello, 10), reply.Text);
    }

    /// <summary>The reply as GenAI's own greedy loop produces it, decoded in one go rather than streamed.</summary>
    internal static string Reference(string folder, IReadOnlyList<ChatTurn> messages, int maxTokens)
    {
        using var model = new Model(folder);
        using var tokenizer = new Tokenizer(model);
        var prompt = PromptTokens(folder, messages);
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", Math.Min(256, prompt.Length + maxTokens));
        parameters.SetSearchOption("do_sample", false);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(prompt);
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
        }

        return tokenizer.Decode(generator.GetSequence(0)[prompt.Length..]);
    }

    internal static int[] PromptTokens(string folder, IReadOnlyList<ChatTurn> messages)
    {
        using var model = new Model(folder);
        using var tokenizer = new Tokenizer(model);
        var text = tokenizer.ApplyChatTemplate("", ChatPrompt.ToJson(messages), "", true);
        using var sequences = tokenizer.Encode(text);
        return sequences[0].ToArray();
    }
}
