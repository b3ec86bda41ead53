using System.Net.Http.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Batching;

public sealed class DisconnectTests
{
    [Fact]
    public async Task ClientThatDisconnectsWhileQueued_IsDropped_AndNeverComputed()
    {
        const string model = "disconnect-check";
        await using var server = await EmbeddedServer.StartAsync(new RuntimeConfig
        {
            Model = new ModelConfig { Name = model },

            // The first request waits up to a second for company, long enough to hang up on it.
            Batching = new BatchingConfig { MaxBatchSize = 64, MaxBatchDelayMilliseconds = 1000 },
        });
        using var http = server.CreateClient();
        using var hangUp = new CancellationTokenSource();

        var request = http.PostAsJsonAsync("/v1/embeddings", new { model, input = "anyone there?" }, hangUp.Token);
        for (var i = 0; i < 500 && server.Server.ModelHost.Model!.PeakQueueDepth == 0; i++)
        {
            await Task.Delay(10);
        }

        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var dropped = $"{RuntimeMetricNames.RejectedRequests}{{model=\"{model}\",reason=\"cancelled\"}} 1";
        var metrics = await server.ScrapeMetricsAsync();
        for (var i = 0; i < 300 && !metrics.Contains(dropped, StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
            metrics = await server.ScrapeMetricsAsync();
        }

        Assert.Contains(dropped, metrics, StringComparison.Ordinal);

        // A later request is served, and it is the only one the model ever computed.
        using var next = await http.PostAsJsonAsync("/v1/embeddings", new { model, input = "still here" });
        next.EnsureSuccessStatusCode();
        metrics = await server.ScrapeMetricsAsync();
        Assert.Contains($"{RuntimeMetricNames.BatchSize}_sum{{model=\"{model}\"}} 1", metrics, StringComparison.Ordinal);
    }
}
