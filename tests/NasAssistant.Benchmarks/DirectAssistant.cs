using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Benchmarks;

/// <summary>
/// The chat request the gateway makes for a message (model, conversation, the user's question; the gateway's key, the
/// user and idempotency headers), sent straight to the runtime: the baseline the gateway's added latency is measured
/// against. Its users are <c>direct:USER</c>, so their conversations are apart from the gateway's.
/// </summary>
internal sealed class DirectAssistant : IDisposable
{
    private readonly HttpClient _http;
    private int _sent;

    public DirectAssistant(Uri runtime, string apiKey)
    {
        _http = new HttpClient { BaseAddress = runtime };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>Asks <paramref name="question"/> in <paramref name="user"/>'s conversation; returns the reply's text.</summary>
    public async Task<string> AskAsync(string user, string question, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = RuntimeDefaults.ModelName,
            ["conversation_id"] = $"direct-{user}",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = question }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        request.Headers.Add(AssistantHeaders.User, $"direct:{user}");
        request.Headers.Add(AssistantHeaders.IdempotencyKey, $"direct-{user}-{Interlocked.Increment(ref _sent)}");
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var completion = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? string.Empty;
    }

    public void Dispose() => _http.Dispose();
}
