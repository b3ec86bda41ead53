using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace NasAssistant.Runtime.Tests.Chat;

/// <summary>
/// Chat with a generative model, end to end over HTTP: a tiny random-weights GenAI decoder, so the
/// tests check the mechanics (streaming, limits, stop sequences, history, cache reuse, cancellation), not the words.
/// </summary>
public sealed class GenerativeChatTests(GenerativeChatServer fixture) : IClassFixture<GenerativeChatServer>
{
    private readonly EmbeddedServer _server = fixture.Server;

    [Fact]
    public async Task OfficialClient_NonStreaming_GeneratesUpToMaxTokens()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0 };

        var completion = (await Client().CompleteChatAsync([new UserChatMessage("How do I reset my password?")], options)).Value;

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(12, completion.Usage.OutputTokenCount);
        Assert.False(string.IsNullOrEmpty(completion.Content[0].Text));
        Assert.True(completion.Usage.InputTokenCount > 100, "the prompt carries the knowledge passages");
        Assert.Equal(GenerativeChatServer.ModelName, completion.Model);
    }

    [Fact]
    public async Task OfficialClient_Streaming_SendsTokenByToken_TheSameTextAsWhole()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 24, Temperature = 0 };
        ChatMessage[] messages = [new SystemChatMessage("Be brief."), new UserChatMessage("When does the backup run?")];
        var whole = (await Client().CompleteChatAsync(messages, options)).Value.Content[0].Text;

        var pieces = new List<string>();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Client().CompleteChatStreamingAsync(messages, options))
        {
            pieces.AddRange(update.ContentUpdate.Select(p => p.Text).Where(t => t.Length > 0));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(pieces.Count >= 12, $"{pieces.Count} pieces for 24 tokens");
        Assert.Equal(whole, string.Concat(pieces));
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.Equal(24, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Answer_CitesThePassagesItWasGiven()
    {
        using var http = _server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = GenerativeChatServer.ModelName,
            max_tokens = 4,
            messages = new[] { new { role = "user", content = "The printer says paper is stuck, how do I get it out?" } },
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("printer-jams.md", body.GetProperty("citations")[0].GetProperty("source").GetString());
        Assert.Contains("nas_assistant_chat_completions_total{model=\"tiny\",mode=\"generative\",finish=\"length\"}",
            await _server.ScrapeMetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopSequence_EndsTheReplyBeforeIt()
    {
        var question = new UserChatMessage("Is the help desk open at Christmas?");
        var free = (await Client().CompleteChatAsync([question], new ChatCompletionOptions { MaxOutputTokenCount = 40, Temperature = 0 })).Value.Content[0].Text;
        var stop = free.Substring(12, 3);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 40, Temperature = 0, StopSequences = { stop } };

        var stopped = (await Client().CompleteChatAsync([question], options)).Value;

        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
        Assert.Equal(free[..free.IndexOf(stop, StringComparison.Ordinal)], stopped.Content[0].Text);
    }

    [Fact]
    public async Task Conversation_CarriesHistory_StoresEachTurnOnce_AndReusesTheKeyValueCache()
    {
        // Without a knowledge base the prompt is the conversation itself, so turn 2 starts with turn 1's
        // whole exchange; with one, each turn's passages lead the prompt and the reuse stops there.
        await using var server = await EmbeddedServer.StartAsync(fixture.Config(null) with
        {
            Conversations = new ConversationConfig { Directory = Path.Combine(fixture.ModelFolder, "..", "cache-sessions") },
            Knowledge = null,
        });
        var id = $"gen-{Guid.NewGuid():N}";
        var client = Client(id, server);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 10, Temperature = 0 };
        List<ChatMessage> messages = [new UserChatMessage("How do I connect to the VPN?")];

        var first = (await client.CompleteChatAsync(messages, options)).Value;
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new UserChatMessage("And from my phone?"));
        var second = (await client.CompleteChatAsync(messages, options)).Value;

        Assert.Equal(0, first.Usage.InputTokenDetails?.CachedTokenCount ?? 0);
        Assert.True(second.Usage.InputTokenDetails.CachedTokenCount >= first.Usage.InputTokenCount,
            $"cached {second.Usage.InputTokenDetails.CachedTokenCount} of {second.Usage.InputTokenCount} prompt tokens; turn 1 had {first.Usage.InputTokenCount}");
        using var http = server.CreateClient();
        var stored = (await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{id}")).GetProperty("turns").EnumerateArray()
            .Select(t => (t.GetProperty("role").GetString(), t.GetProperty("content").GetString())).ToArray();
        Assert.Equal(
            [("user", "How do I connect to the VPN?"), ("assistant", first.Content[0].Text), ("user", "And from my phone?"), ("assistant", second.Content[0].Text)],
            stored);
        Assert.Contains("nas_assistant_chat_prompt_tokens_total{model=\"tiny\",cached=\"true\"}", await server.ScrapeMetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientThatHangsUp_StopsGeneration_AndStoresNothing()
    {
        // A wider, deeper decoder than the fixture's, so that a long reply takes seconds rather than milliseconds.
        var folder = TinyChatModel.Write(Path.Combine(fixture.ModelFolder, "..", "slow"),
            new TinyChatModelOptions { HiddenSize = 256, Heads = 4, Layers = 6, ContextLength = 4096 });
        await using var server = await EmbeddedServer.StartAsync(fixture.Config(null) with
        {
            Model = new ModelConfig { Name = GenerativeChatServer.ModelName, Task = ModelTask.Chat, Path = folder },
            Conversations = new ConversationConfig { Directory = Path.Combine(fixture.ModelFolder, "..", "slow-sessions") },
            Knowledge = null,
        });
        var generator = (NasAssistant.Runtime.Generation.GenAiTextGenerator)server.Server.ModelHost.Model!.Generator!;
        var id = $"gone-{Guid.NewGuid():N}";
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model = GenerativeChatServer.ModelName,
                stream = true,
                max_tokens = 4000,
                conversation_id = id,
                messages = new[] { new { role = "user", content = "Tell me everything." } },
            }),
        };

        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync(), StringComparison.Ordinal);
        }

        await WaitForAsync(async () => (await server.ScrapeMetricsAsync()).Contains("nas_assistant_chat_active_replies{model=\"tiny\"} 0", StringComparison.Ordinal));
        Assert.InRange(generator.TokensGenerated, 1, 2000);
        Assert.Contains("finish=\"cancelled\"", await server.ScrapeMetricsAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/sessions/{id}")).StatusCode);
    }

    [Fact]
    public async Task PromptLongerThanTheContext_Gets400_BeforeAnyStreamStarts()
    {
        using var http = _server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = GenerativeChatServer.ModelName,
            stream = true,
            messages = new[] { new { role = "user", content = string.Concat(Enumerable.Repeat("zq9x ", 1200)) } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("context_length_exceeded", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task WrongFolderDigest_LeavesTheModelNotReady_AndChatAnswers503()
    {
        await using var server = await EmbeddedServer.StartAsync(fixture.Config(new string('a', 64)) with
        {
            Conversations = new ConversationConfig { Directory = Path.Combine(fixture.ModelFolder, "..", "other-sessions") },
            Knowledge = null,
        });
        using var http = server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = GenerativeChatServer.ModelName,
            messages = new[] { new { role = "user", content = "hello" } },
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains($"expected {new string('a', 64)}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Int8OnAChatModel_IsRefusedWithTheReason()
    {
        var config = fixture.Config(null);
        await using var server = await EmbeddedServer.StartAsync(config with
        {
            Model = config.Model with { Quantization = QuantizationMode.Int8 },
            Conversations = new ConversationConfig { Directory = Path.Combine(fixture.ModelFolder, "..", "int8-sessions") },
            Knowledge = null,
        });

        Assert.Contains("quantized when it is exported", server.Server.ModelHost.Failure, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 30 s");
            await Task.Delay(50);
        }
    }

    private ChatClient Client(string? conversationId = null, EmbeddedServer? server = null)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri((server ?? _server).BaseAddress, "/v1") };
        if (conversationId is not null)
        {
            options.AddPolicy(new RequestHeaderPolicy("X-Conversation-Id", conversationId), PipelinePosition.PerCall);
        }

        return new ChatClient(GenerativeChatServer.ModelName, new ApiKeyCredential("unused"), options);
    }
}
