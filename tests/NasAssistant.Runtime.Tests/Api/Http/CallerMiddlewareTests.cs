using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Conversations;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Api.Http;

/// <summary>Who a request is: over real HTTP, with and without a key file.</summary>
public sealed class CallerMiddlewareTests(KeyedServer fixture) : IClassFixture<KeyedServer>, IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task WithoutKeyFile_UserHeader_Is403_AndEveryOtherRequestIsAnonymous()
    {
        await using var server = await EmbeddedServer.StartAsync(
            new RuntimeConfig { Conversations = new ConversationConfig { Directory = _directory.File("sessions") } }, waitForModel: false);
        using var anyone = server.CreateClient();
        using var claiming = KeyedServer.Client(server, key: null, actingFor: "telegram:1");

        using var created = await anyone.PostAsJsonAsync("/v1/sessions/kitchen", new { role = "user", content = "x" });
        using var refused = await claiming.GetAsync(new Uri("/v1/sessions", UriKind.Relative));
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("anonymous", (await anyone.GetFromJsonAsync<JsonElement>("/v1/sessions/kitchen")).GetProperty("owner").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("assistant_user_not_allowed", error.GetProperty("code").GetString());
        Assert.Contains("no API keys configured", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithOnlyAGatewayKeyFile_TheGatewayActsForChannelUsers_AndEveryoneElseStaysAnonymous()
    {
        var gatewayKey = _directory.File("gateway-key");
        await File.WriteAllTextAsync(gatewayKey, "sk-operator-made-gateway-key\n");
        await using var server = await EmbeddedServer.StartAsync(
            new RuntimeConfig
            {
                Server = new ServerConfig { GatewayKeyFile = gatewayKey },
                Conversations = new ConversationConfig { Directory = _directory.File("sessions") },
            },
            waitForModel: false);
        using var gateway = KeyedServer.Client(server, "sk-operator-made-gateway-key", actingFor: "family:42");
        using var anyone = KeyedServer.Client(server, "sk-some-client-key", actingFor: null);
        using var pretender = KeyedServer.Client(server, "sk-some-client-key", actingFor: "family:42");

        using var created = await gateway.PostAsJsonAsync("/v1/sessions/family-42", new { role = "user", content = "hello" });
        using var listed = await anyone.GetAsync(new Uri("/v1/sessions", UriKind.Relative));
        using var refused = await pretender.GetAsync(new Uri("/v1/sessions/family-42", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("family:42", (await gateway.GetFromJsonAsync<JsonElement>("/v1/sessions/family-42")).GetProperty("owner").GetString());
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("only with the gateway's API key", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_NeedNoKey_AndIgnoreTheUserHeader()
    {
        using var nobody = fixture.Client(key: null, actingFor: "not a channel user");

        Assert.Equal(HttpStatusCode.OK, (await nobody.GetAsync(new Uri("/v2/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nobody.GetAsync(new Uri("/v2/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync(new Uri("/v1/sessions", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task KeysNeverAppear_InLogsOrMetrics_WhateverTheRequests()
    {
        string?[] keys = [KeyedServer.Alice, KeyedServer.Bob, KeyedServer.Root, KeyedServer.Gateway, KeyedServer.Bare, "sk-wrong-9999", null];
        foreach (var key in keys)
        {
            foreach (var actingFor in new[] { null, "telegram:42", "bad header" })
            {
                using var http = fixture.Client(key, actingFor);
                (await http.GetAsync(new Uri("/v1/sessions", UriKind.Relative))).Dispose();
                (await http.PostAsJsonAsync($"/v1/sessions/leak-{Guid.NewGuid():N}", new { role = "user", content = "x" })).Dispose();
                (await http.PostAsJsonAsync("/v1/chat/completions", new { model = "minilm", messages = new[] { new { role = "user", content = "printer jam" } } })).Dispose();
            }
        }

        var metrics = await fixture.Server.ScrapeMetricsAsync();

        Assert.NotEmpty(fixture.Server.Logs.Lines);
        Assert.DoesNotContain(fixture.Server.Logs.Lines, l => l.Contains("sk-", StringComparison.Ordinal));
        Assert.DoesNotContain("sk-", metrics, StringComparison.Ordinal);
        Assert.Contains("nas_assistant_http_requests_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedKeyFile_StopsTheRuntime_NamingTheLine_NeverTheKey()
    {
        var keys = _directory.File("api-keys");
        await File.WriteAllTextAsync(keys, "# household\nalice:sk-alice-secret\nbob:sk-bob-secret:owner\n");
        var (config, _, _) = Stores.ChildConfig(_directory.Path, _directory.File("sessions"), apiKeysFile: keys);
        using var runtime = RuntimeProcess.Start("--config", config);

        var exitCode = await runtime.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains($"server.apiKeysFile '{keys}' line 3: the role after the second ':' must be user, admin or gateway", runtime.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", runtime.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
