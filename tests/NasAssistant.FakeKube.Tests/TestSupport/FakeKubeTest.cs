using System.Net;
using System.Text.Json.Nodes;
using k8s;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>A fresh fake server and client per test class instance (xunit creates one per test).</summary>
public abstract class FakeKubeTest : IAsyncLifetime, IDisposable
{
    private FakeKubeServer? _fake;
    private Kubernetes? _client;

    protected FakeKubeServer Fake => _fake ?? throw new InvalidOperationException("not started");

    protected Kubernetes Client => _client ?? throw new InvalidOperationException("not started");

    protected virtual FakeKubeOptions Options => new() { RandomSeed = 42 };

    /// <summary>Sends a request as a plain HTTP client would, with the given Accept header, and reads the JSON answer.</summary>
    protected async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string? accept = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Fake.Url) };
        using var request = new HttpRequestMessage(method, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public async Task InitializeAsync()
    {
        _fake = await FakeKubeServer.StartAsync(Options);
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = _fake.Url });
    }

    public void Dispose()
    {
        _client?.Dispose();
        GC.SuppressFinalize(this);
    }

    public virtual async Task DisposeAsync()
    {
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }
}
