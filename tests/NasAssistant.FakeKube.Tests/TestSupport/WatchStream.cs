using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>A raw watch read line by line, as any HTTP client sees the stream.</summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchStream(HttpClient http, HttpResponseMessage response, StreamReader reader)
    {
        _http = http;
        _response = response;
        _reader = reader;
    }

    public static async Task<WatchStream> OpenAsync(string baseUrl, string path, string? accept = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"watch {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return new WatchStream(http, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, <c>{"type": ..., "object": ...}</c>.</summary>
    public async Task<JsonObject> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the watch ended");
        return JsonNode.Parse(line)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        await Task.CompletedTask;
    }
}
