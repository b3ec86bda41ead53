using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NasAssistant.Runtime.Chat;
using NasAssistant.Runtime.Tests.Knowledge;
using NasAssistant.Runtime.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace NasAssistant.Runtime.Tests.Chat;

/// <summary>Chat with the embedding model only: answers quoted from the knowledge corpus, with citations.</summary>
public sealed class RetrievalChatTests(CorpusServer fixture) : IClassFixture<CorpusServer>
{
    private readonly EmbeddedServer _server = fixture.Server;

    [Theory]
    [InlineData("The printer says paper is stuck, how do I get it out?", "printer-jams.md")]
    [InlineData("How can I open the shared folders when working from home?", "vpn-access.md")]
    [InlineData("I forgot my password and cannot log in", "password-reset.txt")]
    [InlineData("What is the password for visitors' wireless internet?", "guest-wifi.txt")]
    [InlineData("How do I get my work mail on my phone?", "email-setup.md")]
    [InlineData("I deleted a file by mistake, can I get it back?", "backup-schedule.md")]
    public async Task Answer_QuotesAndCitesTheExpectedDocument(string question, string expected)
    {
        using var http = _server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new { model = "minilm", messages = new[] { new { role = "user", content = question } } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var citations = body.GetProperty("citations").EnumerateArray().ToArray();
        Assert.Equal(expected, citations[0].GetProperty("source").GetString());
        Assert.Equal(1, citations[0].GetProperty("index").GetInt32());
        var answer = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.StartsWith($"From {expected}:", answer, StringComparison.Ordinal);
        Assert.Contains($"[1] {expected}", answer, StringComparison.Ordinal);
        var passage = (await KnowledgeServer.Knowledge(_server).SearchAsync(question, 1, CancellationToken.None))[0];
        Assert.Contains(passage.Text.Trim(), answer, StringComparison.Ordinal);
        Assert.Equal("stop", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
    }

    [Fact]
    public async Task OfficialClient_NonStreaming_GetsCitedAnswerAndUsage()
    {
        var completion = (await Client().CompleteChatAsync([new UserChatMessage("When does the nightly backup run?")])).Value;

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Contains("backup-schedule.md", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Equal("minilm", completion.Model);
    }

    [Fact]
    public async Task OfficialClient_Streaming_SendsPiecesThatMakeTheWholeAnswer()
    {
        const string question = "How do I clear a paper jam in the printer?";
        var whole = (await Client().CompleteChatAsync([new UserChatMessage(question)])).Value.Content[0].Text;

        var pieces = new List<string>();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage(question)]))
        {
            pieces.AddRange(update.ContentUpdate.Select(p => p.Text));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(pieces.Count(p => p.Length > 0) > 10, $"{pieces.Count} pieces");
        Assert.Equal(whole, string.Concat(pieces));
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.True(usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task RawStream_IsServerSentEventsEndingWithDone()
    {
        using var http = _server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "minilm",
            stream = true,
            messages = new[] { new { role = "user", content = "guest wifi password" } },
        });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var first = JsonDocument.Parse(events[0]["data: ".Length..]).RootElement;
        Assert.Equal("assistant", first.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("guest-wifi.txt", first.GetProperty("citations")[0].GetProperty("source").GetString());
        var last = JsonDocument.Parse(events[^2]["data: ".Length..]).RootElement;
        Assert.Equal("stop", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var middle = JsonDocument.Parse(events[1]["data: ".Length..]).RootElement;
        Assert.Equal(JsonValueKind.Null, middle.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
    }

    [Fact]
    public async Task HistoryCarriedAcrossTurns_ClientResendingHistory_IsStoredOnce()
    {
        var id = $"chat-{Guid.NewGuid():N}";
        var client = Client(id);
        List<ChatMessage> messages = [new UserChatMessage("How do I connect to the VPN?")];

        var first = (await client.CompleteChatAsync(messages)).Value;
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new UserChatMessage("And what about the printer jam?"));
        var second = (await client.CompleteChatAsync(messages)).Value;

        Assert.Contains("vpn-access.md", first.Content[0].Text, StringComparison.Ordinal);
        Assert.Contains("printer-jams.md", second.Content[0].Text, StringComparison.Ordinal);
        var turns = await StoredTurnsAsync(id);
        Assert.Equal(["user", "assistant", "user", "assistant"], turns.Select(t => t.Role));
        Assert.Equal(first.Content[0].Text, turns[1].Content);
        Assert.Equal(second.Content[0].Text, turns[3].Content);
    }

    [Fact]
    public async Task ServerHeldHistory_RequestsSendOnlyTheNewMessage()
    {
        var id = $"chat-{Guid.NewGuid():N}";
        using var http = _server.CreateClient();

        foreach (var question in new[] { "How do I reset my password?", "Is the help desk open at Christmas?" })
        {
            using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
            {
                model = "minilm",
                conversation_id = id,
                messages = new[] { new { role = "user", content = question } },
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(id, response.Headers.GetValues("X-Conversation-Id").Single());
            Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversation_id").GetString());
        }

        var turns = await StoredTurnsAsync(id);
        Assert.Equal(4, turns.Count);
        Assert.Equal("How do I reset my password?", turns[0].Content);
        Assert.Equal("Is the help desk open at Christmas?", turns[2].Content);
        Assert.Contains("opening-hours.md", turns[3].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptTokens_CountTheQuestionAnswered_NotTheHistoryBeforeIt()
    {
        var id = $"chat-{Guid.NewGuid():N}";
        using var http = _server.CreateClient();
        var promptTokens = new List<int>();
        for (var turn = 0; turn < 3; turn++)
        {
            using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
            {
                model = "minilm",
                conversation_id = id,
                messages = new[] { new { role = "user", content = "How do I reset my password?" } },
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            promptTokens.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        }

        // "how do i reset my password ?": what the embedding model read, the same on every turn.
        Assert.Equal([7, 7, 7], promptTokens);
    }

    [Fact]
    public async Task MetadataConversationId_IsHonoured()
    {
        var id = $"chat-{Guid.NewGuid():N}";
        var options = new ChatCompletionOptions();
        options.Metadata["conversation_id"] = id;

        await Client().CompleteChatAsync([new UserChatMessage("email on my phone")], options);

        Assert.Equal(2, (await StoredTurnsAsync(id)).Count);
    }

    [Fact]
    public async Task WithoutConversation_NothingIsStored()
    {
        using var http = _server.CreateClient();
        var before = await http.GetFromJsonAsync<JsonElement>("/v1/sessions?limit=100");

        await Client().CompleteChatAsync([new UserChatMessage("printer jam")]);

        var after = await http.GetFromJsonAsync<JsonElement>("/v1/sessions?limit=100");
        Assert.Equal(before.GetProperty("data").GetArrayLength(), after.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task UnrelatedQuestion_SaysNothingWasFound_WithoutCitations()
    {
        using var http = _server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "minilm",
            messages = new[] { new { role = "user", content = "Which volcano erupted in Iceland during the Middle Ages?" } },
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(RetrievalAnswer.NothingFound, body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(0, body.GetProperty("citations").GetArrayLength());
    }

    [Fact]
    public async Task MaxTokens_CutsTheAnswer_WithFinishLength()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 5 };

        var completion = (await Client().CompleteChatAsync([new UserChatMessage("printer jam")], options)).Value;

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 5);
    }

    [Fact]
    public async Task StopSequence_EndsTheAnswerBeforeIt()
    {
        var options = new ChatCompletionOptions { StopSequences = { "Sources:" } };

        var completion = (await Client().CompleteChatAsync([new UserChatMessage("printer jam")], options)).Value;

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.DoesNotContain("Sources:", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("From printer-jams.md:", completion.Content[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"minilm"}""", 400, "missing_messages")]
    [InlineData("""{"model":"minilm","messages":[]}""", 400, "missing_messages")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", 400, "missing_model")]
    [InlineData("""{"model":"gpt-4","messages":[{"role":"user","content":"hi"}]}""", 404, "model_not_found")]
    [InlineData("""{"model":"minilm","messages":[{"role":"wizard","content":"hi"}]}""", 400, "invalid_role")]
    [InlineData("""{"model":"minilm","messages":[{"role":"user","content":42}]}""", 400, "invalid_content")]
    [InlineData("""{"model":"minilm","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", 400, "invalid_content")]
    [InlineData("""{"model":"minilm","messages":[{"role":"assistant","content":"hi"}]}""", 400, "invalid_messages")]
    [InlineData("""{"model":"minilm","n":2,"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_n")]
    [InlineData("""{"model":"minilm","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_max_tokens")]
    [InlineData("""{"model":"minilm","temperature":2.5,"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_temperature")]
    [InlineData("""{"model":"minilm","top_p":0,"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_top_p")]
    [InlineData("""{"model":"minilm","stop":["a","b","c","d","e"],"messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_stop")]
    [InlineData("""{"model":"minilm","stop":"","messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_stop")]
    [InlineData("""{"model":"minilm","conversation_id":"../etc/passwd","messages":[{"role":"user","content":"hi"}]}""", 400, "invalid_conversation_id")]
    [InlineData("""{"model":"minilm","conversation_id":"a","metadata":{"conversation_id":"b"},"messages":[{"role":"user","content":"hi"}]}""", 400, "conflicting_conversation_id")]
    [InlineData("not json", 400, "invalid_json")]
    public async Task BadRequests_GetSpecificErrorsInOpenAiShape(string body, int status, string code)
    {
        using var http = _server.CreateClient();

        using var response = await http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ContentParts_AndDeveloperRole_AreAccepted()
    {
        using var http = _server.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "minilm",
            messages = new object[]
            {
                new { role = "developer", content = "Be brief." },
                new { role = "user", content = new[] { new { type = "text", text = "guest " }, new { type = "text", text = "wifi password" } } },
            },
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("guest-wifi.txt", body.GetProperty("citations")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task ConversationPastItsSizeCap_Gets413_AndKeepsWhatItHad()
    {
        await using var small = await EmbeddedServer.StartAsync(new NasAssistant.Runtime.Config.RuntimeConfig
        {
            Conversations = new NasAssistant.Runtime.Config.ConversationConfig { Directory = fixture.Root.File("small-sessions"), MaxConversationBytes = 600 },
            Knowledge = new NasAssistant.Runtime.Config.KnowledgeConfig { Directory = fixture.Root.File("knowledge") },
        });
        await KnowledgeServer.Knowledge(small).InitialSync.WaitAsync(TimeSpan.FromMinutes(2));
        using var http = small.CreateClient();

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "minilm",
            conversation_id = "capped",
            messages = new[] { new { role = "user", content = "How do I clear a paper jam?" } },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("conversation_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/sessions/capped")).StatusCode);
    }

    [Fact]
    public async Task Metrics_CountRetrievalReplies()
    {
        await Client().CompleteChatAsync([new UserChatMessage("vpn from home")]);

        var metrics = await _server.ScrapeMetricsAsync();
        Assert.Contains("nas_assistant_chat_completions_total{model=\"minilm\",mode=\"retrieval\",finish=\"stop\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("nas_assistant_chat_completion_tokens_total{model=\"minilm\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("nas_assistant_chat_time_to_first_token_seconds_count{model=\"minilm\"}", metrics, StringComparison.Ordinal);
    }

    private ChatClient Client(string? conversationId = null)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "/v1") };
        if (conversationId is not null)
        {
            options.AddPolicy(new RequestHeaderPolicy("X-Conversation-Id", conversationId), PipelinePosition.PerCall);
        }

        return new ChatClient("minilm", new ApiKeyCredential("unused"), options);
    }

    private async Task<IReadOnlyList<(string Role, string Content)>> StoredTurnsAsync(string id)
    {
        using var http = _server.CreateClient();
        var body = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{id}");
        return body.GetProperty("turns").EnumerateArray()
            .Select(t => (t.GetProperty("role").GetString()!, t.GetProperty("content").GetString()!))
            .ToArray();
    }
}
