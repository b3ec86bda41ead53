using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Benchmarks;

/// <summary>
/// The chat request the gateway makes for a message (model, conversation, the user's question, the user and
/// idempotency headers), sent straight to the runtime: the baseline the gateway's added latency is measured against.
/// </summary>
internal sealed class DirectAssistant(Uri runtime) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = runtime };
    private int _sent;

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
        request.Headers.Add(GatewayDefaults.AssistantUserHeader, $"direct:{user}");
        request.Headers.Add(GatewayDefaults.IdempotencyKeyHeader, $"direct-{user}-{Interlocked.Increment(ref _sent)}");
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var completion = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? string.Empty;
    }

    public void Dispose() => _http.Dispose();
}
