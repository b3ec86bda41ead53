using System.Net;
using System.Net.Http.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Batching;

public sealed class OverloadTests
{
    private const int MaxQueueLength = 8;

    [Fact]
    public async Task TenTimesQueueLengthConcurrent_Gets429WithRetryAfter_QueueStaysBounded_ServerSurvives()
    {
        await using var server = await EmbeddedServer.StartAsync(new RuntimeConfig
        {
            Batching = new BatchingConfig { MaxBatchSize = 4, MaxBatchDelayMilliseconds = 2, MaxQueueLength = MaxQueueLength },
        });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 200 };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var text = string.Join(' ', Enumerable.Repeat("overloaded storage box", 60));
        var statuses = new List<HttpStatusCode>();
        var retryAfterOnEvery429 = true;

        // Bursts until one overflows the queue (the first normally does); bounded in count.
        for (var burst = 0; burst < 5 && !statuses.Contains(HttpStatusCode.TooManyRequests); burst++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 10 * MaxQueueLength).Select(async i =>
            {
                using var response = await http.PostAsJsonAsync("/v1/embeddings", new { model = "minilm", input = $"{i} {text}" });
                return (response.StatusCode, HasRetryAfter: response.Headers.RetryAfter?.Delta is { } delta && delta >= TimeSpan.FromSeconds(1));
            }));
            statuses.AddRange(responses.Select(r => r.StatusCode));
            retryAfterOnEvery429 &= responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).All(r => r.HasRetryAfter);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"unexpected {s}"));
        Assert.True(retryAfterOnEvery429);
        Assert.InRange(server.Server.ModelHost.Model!.PeakQueueDepth, 1, MaxQueueLength);
        var metrics = await server.ScrapeMetricsAsync();
        Assert.Contains($"{RuntimeMetricNames.RejectedRequests}{{model=\"minilm\",reason=\"queue_full\"}}", metrics, StringComparison.Ordinal);

        using var after = await http.PostAsJsonAsync("/v1/embeddings", new { model = "minilm", input = "are you still there?" });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
