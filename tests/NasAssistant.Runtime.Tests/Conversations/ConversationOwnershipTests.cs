using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Tests.Support;
using OpenAI.Chat;

namespace NasAssistant.Runtime.Tests.Conversations;

/// <summary>Each identity sees only its own conversations; another's is answered as if it did not exist.</summary>
public sealed class ConversationOwnershipTests(KeyedServer fixture) : IClassFixture<KeyedServer>
{
    private const string Secret = "my blood test results are in the blue folder";

    /// <summary>Owner (key, channel user) and intruder (key, channel user).</summary>
    public static TheoryData<string, string?, string, string?> Intrusions => new()
    {
        { KeyedServer.Alice, null, KeyedServer.Bob, null },
        { KeyedServer.Alice, null, KeyedServer.Bare, null },
        { KeyedServer.Alice, null, KeyedServer.Gateway, null },
        { KeyedServer.Alice, null, KeyedServer.Gateway, "telegram:2" },
        { KeyedServer.Gateway, "telegram:1", KeyedServer.Gateway, "telegram:2" },
        { KeyedServer.Gateway, "telegram:1", KeyedServer.Gateway, "wecom:1" },
        { KeyedServer.Gateway, "telegram:1", KeyedServer.Gateway, null },
        { KeyedServer.Gateway, "telegram:1", KeyedServer.Alice, null },
        { KeyedServer.Bare, null, KeyedServer.Alice, null },
    };

    [Theory]
    [MemberData(nameof(Intrusions))]
    public async Task AnotherIdentity_CannotListReadAppendToOrDelete_AndReadsAndDeletesGetTheAnswerOfAMissingId(
        string ownerKey, string? owner, string intruderKey, string? intruder)
    {
        // Same length as the real id, so the answers can be compared byte for byte once the ids are swapped.
        var id = $"private-{Guid.NewGuid():N}";
        var missing = $"missing-{Guid.NewGuid():N}";
        using var mine = fixture.Client(ownerKey, owner);
        using var theirs = fixture.Client(intruderKey, intruder);
        using (var created = await mine.PostAsJsonAsync($"/v1/sessions/{id}", new { role = "user", content = Secret }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            var (status, body) = await SendAsync(theirs, method, id);
            var (missingStatus, missingBody) = await SendAsync(theirs, method, missing);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(missingStatus, status);
            Assert.Equal(missingBody.Replace(missing, id, StringComparison.Ordinal), body);
        }

        var (appendStatus, appendBody) = await SendAsync(theirs, HttpMethod.Post, id, JsonContent.Create(new { role = "user", content = "mine now" }));
        Assert.Equal(HttpStatusCode.NotFound, appendStatus);
        Assert.Equal("conversation_not_found", Code(appendBody));
        Assert.DoesNotContain(Secret, appendBody, StringComparison.Ordinal);

        var chat = fixture.Chat(intruderKey, intruder, id);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("What did I store?")]));
        Assert.Equal(404, refused.Status);
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "minilm", conversation_id = id, messages = new[] { new { role = "user", content = "What did I store?" } } }),
        };
        keyed.Headers.Add("Idempotency-Key", "attempt-1");
        using var keyedResponse = await theirs.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.NotFound, keyedResponse.StatusCode);
        Assert.DoesNotContain(Secret, await keyedResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.DoesNotContain(id, await ListedIdsAsync(theirs));
        var kept = await mine.GetFromJsonAsync<JsonElement>($"/v1/sessions/{id}");
        Assert.Equal([Secret], kept.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("content").GetString()));
        Assert.Contains(id, await ListedIdsAsync(mine));
    }

    [Theory]
    [InlineData("GET", "/v1/sessions/../sessions/{id}")]
    [InlineData("GET", "/v1/sessions/./{id}")]
    [InlineData("GET", "/v1/sessions/.%2E/sessions/{id}")]
    [InlineData("GET", "/v1/sessions/x%2F..%2F{id}")]
    [InlineData("GET", "/v1/sessions/%2E%2E%2F{id}")]
    [InlineData("GET", "/v1/sessions/%2E%2E%5C{id}")]
    [InlineData("GET", "/v1/sessions/{id}%00")]
    [InlineData("GET", "/v1/sessions/{id}.log")]
    [InlineData("GET", "/v1/sessions/{id}/")]
    [InlineData("GET", "/v1/sessions/%61lice-{suffix}")]
    [InlineData("GET", "/v1/sessions/ALICE-{suffix}")]
    [InlineData("GET", "//v1/sessions/{id}")]
    [InlineData("GET", "/v1/sessions/{id}?owner=bob")]
    [InlineData("GET", "/v1/sessions?after=..%2F{id}")]
    [InlineData("DELETE", "/v1/sessions/../sessions/{id}")]
    [InlineData("DELETE", "/v1/sessions/x%2F..%2F{id}")]
    [InlineData("POST", "/v1/sessions/../sessions/{id}")]
    [InlineData("POST", "/v1/sessions/%2E%2E%2F{id}")]
    public async Task PathTricks_FromAnotherKey_NeitherReachNorRevealTheConversation(string method, string target)
    {
        var suffix = Guid.NewGuid().ToString("N");
        var id = $"alice-{suffix}";
        using var alice = fixture.Client(KeyedServer.Alice);
        using (var created = await alice.PostAsJsonAsync($"/v1/sessions/{id}", new { role = "user", content = Secret }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var (status, response) = await RawHttp.SendAsync(
            fixture.Server.BaseAddress, method, target.Replace("{id}", id, StringComparison.Ordinal).Replace("{suffix}", suffix, StringComparison.Ordinal),
            KeyedServer.Bob, method == "POST" ? """{"role":"user","content":"mine now"}""" : null);

        Assert.Contains(status, new[] { 400, 404 });
        Assert.DoesNotContain(Secret, response, StringComparison.Ordinal);
        var kept = await alice.GetFromJsonAsync<JsonElement>($"/v1/sessions/{id}");
        Assert.Equal([Secret], kept.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task AdminKey_ListsReadsContinuesAndDeletesEveryonesConversations()
    {
        var alicesId = $"alice-{Guid.NewGuid():N}";
        var channelId = $"tg-{Guid.NewGuid():N}";
        using var alice = fixture.Client(KeyedServer.Alice);
        using var channelUser = fixture.Client(KeyedServer.Gateway, "telegram:7");
        using var root = fixture.Client(KeyedServer.Root);
        (await alice.PostAsJsonAsync($"/v1/sessions/{alicesId}", new { role = "user", content = Secret })).Dispose();
        (await channelUser.PostAsJsonAsync($"/v1/sessions/{channelId}", new { role = "user", content = "hello from telegram" })).Dispose();

        var listed = await ListedAsync(root);
        var read = await root.GetFromJsonAsync<JsonElement>($"/v1/sessions/{channelId}");
        using var continued = await root.PostAsJsonAsync($"/v1/sessions/{alicesId}", new { role = "assistant", content = "noted" });
        using var deleted = await root.DeleteAsync(new Uri($"/v1/sessions/{channelId}", UriKind.Relative));
        using var afterDelete = await channelUser.GetAsync(new Uri($"/v1/sessions/{channelId}", UriKind.Relative));

        Assert.Equal("alice", listed[alicesId]);
        Assert.Equal("telegram:7", listed[channelId]);
        Assert.Equal("telegram:7", read.GetProperty("owner").GetString());
        Assert.Equal(HttpStatusCode.Created, continued.StatusCode);
        var alices = await alice.GetFromJsonAsync<JsonElement>($"/v1/sessions/{alicesId}");
        Assert.Equal("alice", alices.GetProperty("owner").GetString());
        Assert.Equal(2, alices.GetProperty("turns").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
    }

    [Fact]
    public async Task Gateway_ActingForTwoChannelUsers_KeepsTheirConversationsApart()
    {
        var first = $"tg-{Guid.NewGuid():N}";
        var second = $"tg-{Guid.NewGuid():N}";

        var one = (await fixture.Chat(KeyedServer.Gateway, "telegram:100", first).CompleteChatAsync([new UserChatMessage("How do I connect to the VPN?")])).Value;
        var two = (await fixture.Chat(KeyedServer.Gateway, "telegram:200", second).CompleteChatAsync([new UserChatMessage("The printer is jammed")])).Value;
        using var userOne = fixture.Client(KeyedServer.Gateway, "telegram:100");
        using var userTwo = fixture.Client(KeyedServer.Gateway, "telegram:200");
        using var gatewayItself = fixture.Client(KeyedServer.Gateway);
        var listedOne = await ListedAsync(userOne);
        var listedTwo = await ListedAsync(userTwo);
        var listedGateway = await ListedAsync(gatewayItself);

        Assert.Contains("vpn-access.md", one.Content[0].Text, StringComparison.Ordinal);
        Assert.Contains("printer-jams.md", two.Content[0].Text, StringComparison.Ordinal);
        Assert.Equal("telegram:100", listedOne[first]);
        Assert.Equal("telegram:200", listedTwo[second]);
        Assert.All(listedOne.Values, owner => Assert.Equal("telegram:100", owner));
        Assert.All(listedTwo.Values, owner => Assert.Equal("telegram:200", owner));
        Assert.DoesNotContain(first, listedGateway.Keys);
        Assert.DoesNotContain(second, listedGateway.Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await userOne.GetAsync(new Uri($"/v1/sessions/{second}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await userTwo.GetAsync(new Uri($"/v1/sessions/{first}", UriKind.Relative))).StatusCode);
        var stored = await userOne.GetFromJsonAsync<JsonElement>($"/v1/sessions/{first}");
        Assert.Equal("telegram:100", stored.GetProperty("owner").GetString());
        Assert.Equal(["user", "assistant"], stored.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("role").GetString()));
    }

    [Theory]
    [InlineData(KeyedServer.Alice)]
    [InlineData(KeyedServer.Root)]
    [InlineData(KeyedServer.Bare)]
    public async Task UserHeader_FromAKeyThatIsNoGateway_Is403_ForEveryRequest_AndChangesNothing(string key)
    {
        var id = $"tg-{Guid.NewGuid():N}";
        using var channelUser = fixture.Client(KeyedServer.Gateway, "telegram:1");
        (await channelUser.PostAsJsonAsync($"/v1/sessions/{id}", new { role = "user", content = Secret })).Dispose();
        using var spoofer = fixture.Client(key, "telegram:1");

        var answers = new[]
        {
            await SendAsync(spoofer, HttpMethod.Get, id),
            await SendAsync(spoofer, HttpMethod.Delete, id),
            await SendAsync(spoofer, HttpMethod.Post, id, JsonContent.Create(new { role = "user", content = "x" })),
            await SendAsync(spoofer, HttpMethod.Get, null),
        };
        var chat = await Assert.ThrowsAsync<ClientResultException>(() => fixture.Chat(key, "telegram:1", id).CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Forbidden, a.Status));
        Assert.All(answers, a => Assert.Equal("assistant_user_not_allowed", Code(a.Body)));
        Assert.All(answers, a => Assert.DoesNotContain(Secret, a.Body, StringComparison.Ordinal));
        Assert.Equal(403, chat.Status);
        var kept = await channelUser.GetFromJsonAsync<JsonElement>($"/v1/sessions/{id}");
        Assert.Equal(1, kept.GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task KeyInTheEarlierFormat_OwnsItsConversations_UnderItsDigestName()
    {
        var id = $"bare-{Guid.NewGuid():N}";
        using var bare = fixture.Client(KeyedServer.Bare);
        (await bare.PostAsJsonAsync($"/v1/sessions/{id}", new { role = "user", content = "x" })).Dispose();

        var expected = "key-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(KeyedServer.Bare)))[..8];
        Assert.Equal(expected, (await bare.GetFromJsonAsync<JsonElement>($"/v1/sessions/{id}")).GetProperty("owner").GetString());
        Assert.Equal(expected, (await ListedAsync(bare))[id]);
    }

    [Theory]
    [InlineData("telegram:123456789", HttpStatusCode.OK)]
    [InlineData("wecom:zhangsan", HttpStatusCode.OK)]
    [InlineData("feishu:ou_7d8a6e6df7621556ce0d21922b676706", HttpStatusCode.OK)]
    [InlineData("mqtt:kitchen.display", HttpStatusCode.OK)]
    [InlineData("slack:first.last+bot=x@example.org", HttpStatusCode.OK)]
    [InlineData("x:-", HttpStatusCode.OK)]
    [InlineData("telegram", HttpStatusCode.BadRequest)]
    [InlineData("telegram:", HttpStatusCode.BadRequest)]
    [InlineData(":123", HttpStatusCode.BadRequest)]
    [InlineData("Telegram:123", HttpStatusCode.BadRequest)]
    [InlineData("-telegram:123", HttpStatusCode.BadRequest)]
    [InlineData("tele_gram:123", HttpStatusCode.BadRequest)]
    [InlineData("telegram:12 34", HttpStatusCode.BadRequest)]
    [InlineData("telegram:1:2", HttpStatusCode.BadRequest)]
    [InlineData("telegram:alice/../bob", HttpStatusCode.BadRequest)]
    public async Task UserHeader_FromTheGateway_MustNameAChannelUser(string actingFor, HttpStatusCode expected)
    {
        using var gateway = fixture.Client(KeyedServer.Gateway, actingFor);

        var (status, body) = await SendAsync(gateway, HttpMethod.Get, null);

        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal("invalid_assistant_user", Code(body));
        }
    }

    [Fact]
    public async Task LongestChannelUser_IsAccepted_OneMore_IsNot()
    {
        var label = new string('c', 63);
        using var longest = fixture.Client(KeyedServer.Gateway, $"{label}:{new string('9', 128)}");
        using var longer = fixture.Client(KeyedServer.Gateway, $"{label}:{new string('9', 129)}");
        using var longerLabel = fixture.Client(KeyedServer.Gateway, $"{label}c:9");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(longest, HttpMethod.Get, null)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(longer, HttpMethod.Get, null)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(longerLabel, HttpMethod.Get, null)).Status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string? id, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(id is null ? "/v1/sessions" : $"/v1/sessions/{id}", UriKind.Relative)) { Content = content };
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? Code(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString();

    private static async Task<IReadOnlyList<string>> ListedIdsAsync(HttpClient http) => [.. (await ListedAsync(http)).Keys];

    // Every conversation the caller may see, paging through, with its owner.
    private static async Task<Dictionary<string, string?>> ListedAsync(HttpClient http)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions?limit=100{(after is null ? "" : $"&after={after}")}");
            foreach (var item in page.GetProperty("data").EnumerateArray())
            {
                all[item.GetProperty("id").GetString()!] = item.TryGetProperty("owner", out var owner) ? owner.GetString() : null;
            }

            if (!page.GetProperty("has_more").GetBoolean())
            {
                return all;
            }

            after = page.GetProperty("last_id").GetString();
        }
    }
}
