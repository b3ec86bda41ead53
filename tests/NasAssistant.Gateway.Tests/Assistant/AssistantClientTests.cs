using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Assistant;

/// <summary>The headers the gateway sends the assistant, as a loopback server receives them.</summary>
public sealed class AssistantClientTests : IAsyncLifetime, IDisposable
{
    private const string Completion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"minilm",
         "choices":[{"index":0,"message":{"role":"assistant","content":"It runs from 06:00."},"finish_reason":"stop"}]}
        """;

    private readonly TempDirectory _directory = new();
    private readonly ConcurrentQueue<IHeaderDictionary> _received = new();
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", (HttpContext context) =>
        {
            _received.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary()));
            context.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Text(Completion, "application/json");
        });
        await _app.StartAsync();
        _address = new Uri(_app.Urls.Single());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WithAKeyFile_SendsTheKey_TheChannelUser_AndTheIdempotencyKey_AndFollowsARotatedKey()
    {
        var keyFile = _directory.File("assistant-key");
        await File.WriteAllTextAsync(keyFile, "sk-first\n");
        using var client = Client(keyFile);

        var reply = await client.AskAsync(Turn, CancellationToken.None);
        var first = Assert.Single(_received);
        await File.WriteAllTextAsync(keyFile + ".new", "sk-second\n");
        File.Move(keyFile + ".new", keyFile, overwrite: true);
        await WaitForAsync(async () => (await AskAndReceiveAsync(client))["Authorization"] == "Bearer sk-second");

        Assert.Equal("Bearer sk-first", first["Authorization"]);
        Assert.Equal("family:111111", first["X-Assistant-User"]);
        Assert.Equal("family-111111-42", first["Idempotency-Key"]);
        Assert.Equal("It runs from 06:00.", reply.Text);
        Assert.True(reply.Replayed);
    }

    [Fact]
    public async Task WithoutAKeyFile_SendsNoChannelUser_WhichAnAssistantWithoutKeysWouldRefuse()
    {
        using var client = Client(apiKeyFile: null);

        var headers = await AskAndReceiveAsync(client);

        Assert.False(headers.ContainsKey("X-Assistant-User"));
        Assert.Equal("family-111111-42", headers["Idempotency-Key"]);
    }

    private static AssistantTurn Turn => new("family:111111", "family-111111", "family-111111-42", "When does the heat pump run?");

    private AssistantClient Client(string? apiKeyFile) => new(
        new GatewayAssistantConfig { Url = _address.ToString(), ApiKeyFile = apiKeyFile, TimeoutSeconds = 10 },
        TimeSpan.FromMilliseconds(100),
        NullLoggerFactory.Instance);

    private async Task<IHeaderDictionary> AskAndReceiveAsync(AssistantClient client)
    {
        _received.Clear();
        await client.AskAsync(Turn, CancellationToken.None);
        return Assert.Single(_received);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the rotated key was never sent");
            await Task.Delay(100);
        }
    }
}
