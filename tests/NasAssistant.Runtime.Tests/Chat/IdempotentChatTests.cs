using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NasAssistant.Runtime.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace NasAssistant.Runtime.Tests.Chat;

/// <summary>
/// Chat turns with an <c>Idempotency-Key</c>, for messengers that deliver a message more than once: a repeat is answered
/// from the store. The tiny model samples (temperature 1), so a reply generated again would differ; the generator's
/// token count shows that a repeat generates nothing.
/// </summary>
public sealed class IdempotentChatTests(GenerativeChatServer fixture) : IClassFixture<GenerativeChatServer>
{
    private const string Question = "How do I reset my password?";

    private readonly EmbeddedServer _server = fixture.Server;

    [Fact]
    public async Task RepeatedKey_IsAnsweredWithTheStoredReply_GeneratingAndStoringNothing()
    {
        var id = $"idem-{Guid.NewGuid():N}";
        var client = Client(id, "update-1001");

        var first = await client.CompleteChatAsync([new UserChatMessage(Question)], Sampled());
        var generated = fixture.Generator.TokensGenerated;
        var repeat = await client.CompleteChatAsync([new UserChatMessage(Question)], Sampled());

        Assert.Equal(generated, fixture.Generator.TokensGenerated);
        Assert.Equal(first.Value.Content[0].Text, repeat.Value.Content[0].Text);
        Assert.Equal(first.Value.Id, repeat.Value.Id);
        Assert.Equal(first.Value.CreatedAt, repeat.Value.CreatedAt);
        Assert.Equal(first.Value.FinishReason, repeat.Value.FinishReason);
        Assert.Equal(first.Value.Usage.InputTokenCount, repeat.Value.Usage.InputTokenCount);
        Assert.Equal(first.Value.Usage.OutputTokenCount, repeat.Value.Usage.OutputTokenCount);
        Assert.Equal(first.Value.Usage.TotalTokenCount, repeat.Value.Usage.TotalTokenCount);
        Assert.False(first.GetRawResponse().Headers.TryGetValue("Idempotent-Replayed", out _));
        Assert.True(repeat.GetRawResponse().Headers.TryGetValue("Idempotent-Replayed", out var replayed));
        Assert.Equal("true", replayed);
        Assert.Equal(2, (await StoredAsync(id)).GetProperty("turns").GetArrayLength());
        Assert.Contains("nas_assistant_chat_replays_total{model=\"tiny\"}", await _server.ScrapeMetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedKey_Streaming_IsReplayedAsAStream_WithTheSamePiecesFinishAndUsage()
    {
        var id = $"idem-{Guid.NewGuid():N}";
        var client = Client(id, "update-2002");

        var first = await StreamAsync(client);
        var generated = fixture.Generator.TokensGenerated;
        var repeat = await StreamAsync(client);
        using var http = _server.CreateClient();
        using var raw = await http.SendAsync(ChatRequest(id, "update-2002", Question, stream: true));
        var events = (await raw.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(generated, fixture.Generator.TokensGenerated);
        Assert.Equal(first, repeat);
        Assert.True(first.Text.Length > 0);
        Assert.Equal("text/event-stream", raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal("true", raw.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("data: [DONE]", events[^1]);
        var opening = JsonDocument.Parse(events[0]["data: ".Length..]).RootElement;
        Assert.Equal(id, opening.GetProperty("conversation_id").GetString());
        Assert.Equal("assistant", opening.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.True(opening.GetProperty("citations").GetArrayLength() > 0);
        Assert.Equal(2, (await StoredAsync(id)).GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task ReplyStoredWhole_IsReplayedAsAStream_AndTheOtherWayRound()
    {
        var id = $"idem-{Guid.NewGuid():N}";
        var whole = (await Client(id, "whole-first").CompleteChatAsync([new UserChatMessage(Question)], Sampled())).Value;
        var streamed = await StreamAsync(Client(id, "streamed-first"), "And if I forgot my username?");
        var generated = fixture.Generator.TokensGenerated;

        var wholeAsStream = await StreamAsync(Client(id, "whole-first"));
        var streamedAsWhole = (await Client(id, "streamed-first").CompleteChatAsync([new UserChatMessage("And if I forgot my username?")], Sampled())).Value;

        Assert.Equal(generated, fixture.Generator.TokensGenerated);
        Assert.Equal(whole.Content[0].Text, wholeAsStream.Text);
        Assert.Equal(whole.FinishReason, wholeAsStream.Finish);
        Assert.Equal(streamed.Text, streamedAsWhole.Content[0].Text);
        Assert.Equal(streamed.OutputTokens, streamedAsWhole.Usage.OutputTokenCount);
        Assert.Equal(4, (await StoredAsync(id)).GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task KeyReused_WithAnotherMessage_Gets409_AndNothingIsGeneratedOrStored()
    {
        var id = $"idem-{Guid.NewGuid():N}";
        await Client(id, "update-3003").CompleteChatAsync([new UserChatMessage(Question)], Sampled());
        var generated = fixture.Generator.TokensGenerated;
        using var http = _server.CreateClient();

        using var response = await http.SendAsync(ChatRequest(id, "update-3003", "Something else entirely"));
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("idempotency_key_reused", error.GetProperty("code").GetString());
        Assert.DoesNotContain("update-3003", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(generated, fixture.Generator.TokensGenerated);
        Assert.Equal(2, (await StoredAsync(id)).GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task ConcurrentRequests_WithOneKey_MakeOneTurn_AndAllGetItsReply()
    {
        var id = $"idem-{Guid.NewGuid():N}";
        var generated = fixture.Generator.TokensGenerated;

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var http = _server.CreateClient();
            using var response = await http.SendAsync(ChatRequest(id, "update-4004", Question));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (Replayed: response.Headers.Contains("Idempotent-Replayed"),
                Id: body.GetProperty("id").GetString(),
                Text: body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
                Tokens: body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        }));

        Assert.Single(answers, a => !a.Replayed);
        Assert.Single(answers.Select(a => (a.Id, a.Text)).Distinct());
        Assert.Equal(generated + answers[0].Tokens, fixture.Generator.TokensGenerated);
        Assert.Equal(2, (await StoredAsync(id)).GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task DifferentKeys_AreDifferentTurns_AndAKeyBelongsToItsConversation()
    {
        var id = $"idem-{Guid.NewGuid():N}";
        var other = $"idem-{Guid.NewGuid():N}";
        await Client(id, "update-1").CompleteChatAsync([new UserChatMessage(Question)], Sampled());
        await Client(id, "update-2").CompleteChatAsync([new UserChatMessage(Question)], Sampled());

        var elsewhere = await Client(other, "update-1").CompleteChatAsync([new UserChatMessage(Question)], Sampled());

        Assert.Equal(4, (await StoredAsync(id)).GetProperty("turns").GetArrayLength());
        Assert.False(elsewhere.GetRawResponse().Headers.TryGetValue("Idempotent-Replayed", out _));
        Assert.Equal(2, (await StoredAsync(other)).GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task StoredTurn_ShowsTheKeyAndTheAnswerItKeeps()
    {
        var id = $"idem-{Guid.NewGuid():N}";
        var completion = (await Client(id, "update-5005").CompleteChatAsync([new UserChatMessage(Question)], Sampled())).Value;

        var reply = (await StoredAsync(id)).GetProperty("turns")[1].GetProperty("reply");

        Assert.Equal("update-5005", reply.GetProperty("idempotency_key").GetString());
        Assert.Equal(completion.Id, reply.GetProperty("completion_id").GetString());
        Assert.Equal(completion.Usage.OutputTokenCount, reply.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(completion.FinishReason == ChatFinishReason.Length ? "length" : "stop", reply.GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData("", "invalid_idempotency_key")]
    [InlineData("tab\tinside", "invalid_idempotency_key")]
    [InlineData("201", "invalid_idempotency_key")]
    [InlineData("no-conversation", "idempotency_key_without_conversation")]
    public async Task BadKeys_Get400_BeforeAnythingRuns(string key, string code)
    {
        var generated = fixture.Generator.TokensGenerated;
        using var http = _server.CreateClient();
        using var request = ChatRequest(key == "no-conversation" ? null : $"idem-{Guid.NewGuid():N}", key == "201" ? new string('k', 201) : key, Question);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(generated, fixture.Generator.TokensGenerated);
    }

    [Fact]
    public async Task LongestKey_OfEveryPrintableCharacter_IsAccepted()
    {
        var printable = new string(Enumerable.Range(' ' + 1, '~' - ' ').Select(c => (char)c).ToArray());
        var key = string.Concat(Enumerable.Repeat(printable, 3))[..200];
        var id = $"idem-{Guid.NewGuid():N}";
        using var http = _server.CreateClient();

        using var first = await http.SendAsync(ChatRequest(id, key, Question));
        using var repeat = await http.SendAsync(ChatRequest(id, key, Question));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
    }

    // A new options object per call: the client fills in streaming fields on the one it is given.
    private static ChatCompletionOptions Sampled() => new() { MaxOutputTokenCount = 16, Temperature = 1 };

    private static HttpRequestMessage ChatRequest(string? conversationId, string key, string question, bool stream = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new
                {
                    model = GenerativeChatServer.ModelName,
                    conversation_id = conversationId,
                    stream,
                    max_tokens = 16,
                    temperature = 1,
                    messages = new[] { new { role = "user", content = question } },
                }),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    private static async Task<(string Text, ChatFinishReason? Finish, int OutputTokens, int InputTokens)> StreamAsync(ChatClient client, string question = Question)
    {
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(question)], Sampled()))
        {
            text.AppendJoin(string.Empty, update.ContentUpdate.Select(p => p.Text));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        return (text.ToString(), finish, usage!.OutputTokenCount, usage.InputTokenCount);
    }

    private async Task<JsonElement> StoredAsync(string id)
    {
        using var http = _server.CreateClient();
        return await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{id}");
    }

    private ChatClient Client(string conversationId, string idempotencyKey)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "/v1") };
        options.AddPolicy(new RequestHeaderPolicy("X-Conversation-Id", conversationId), PipelinePosition.PerCall);
        options.AddPolicy(new RequestHeaderPolicy("Idempotency-Key", idempotencyKey), PipelinePosition.PerCall);
        return new ChatClient(GenerativeChatServer.ModelName, new ApiKeyCredential("unused"), options);
    }
}
