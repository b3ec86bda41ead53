using System.Net;
using System.Net.Http.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Metrics;

[Collection(RealModelGroup.Name)]
public sealed class MetricsEndpointTests(RealModelServer fixture)
{
    private readonly EmbeddedServer _server = fixture.Server;

    public static TheoryData<string> ExportedNames => new()
    {
        RuntimeMetricNames.HttpRequests,
        RuntimeMetricNames.HttpRequestDuration + "_bucket",
        RuntimeMetricNames.HttpRequestsInFlight,
        RuntimeMetricNames.InferenceDuration + "_bucket",
        RuntimeMetricNames.BatchSize + "_bucket",
        RuntimeMetricNames.QueueDepth,
        RuntimeMetricNames.ModelReady,
        RuntimeMetricNames.ModelLoadDuration,
        RuntimeMetricNames.CpuLimitCores,
        RuntimeMetricNames.MemoryLimitBytes,
        RuntimeMetricNames.ProcessCpuSeconds,
        RuntimeMetricNames.ProcessResidentMemory,
    };

    [Theory]
    [MemberData(nameof(ExportedNames))]
    public async Task MetricsPort_ExportsTheNamesTheOperatorQueries(string name)
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);
        using var warm = await http.PostAsJsonAsync("/v1/embeddings", new { model = "minilm", input = "count me" });

        var metrics = await _server.ScrapeMetricsAsync();

        Assert.Contains(metrics.Split('\n'), line => line.StartsWith(name, StringComparison.Ordinal) && !line.StartsWith('#'));
    }

    [Fact]
    public async Task Metrics_LabelRequestsByRouteTemplate()
    {
        using var http = _server.CreateClient(RealModelServer.ApiKey);
        using var response = await http.GetAsync(new Uri("/v2/models/minilm", UriKind.Relative));

        var metrics = await _server.ScrapeMetricsAsync();

        Assert.Contains($"{RuntimeMetricNames.HttpRequests}{{route=\"/v2/models/{{model}}\",method=\"GET\",status=\"200\"}}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsLiveOnlyOnMetricsPort_AndApiOnlyOnApiPort()
    {
        using var api = _server.CreateClient(RealModelServer.ApiKey);
        using var metricsPort = new HttpClient { BaseAddress = _server.MetricsAddress };

        using var metricsOnApi = await api.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var apiOnMetrics = await metricsPort.GetAsync(new Uri("/v1/models", UriKind.Relative));
        using var metrics = await metricsPort.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, metricsOnApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiOnMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }
}
