using System.Net;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Models;

public sealed class GraphOptimizationChoiceTests
{
    [Fact]
    public async Task OnACpuWithoutAvx_TheDefaultLoadsAtBasic_AndSaysSoInTheLogAndModelInfo()
    {
        await using var server = await EmbeddedServer.StartAsync(
            new RuntimeConfig { Model = new ModelConfig { Name = "sse-only-box" } }, CpuFeatureSets.Named("J4125"));
        using var http = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v2/health/ready")).StatusCode);
        Assert.True(
            server.Logs.Contains("Model sse-only-box: graph optimization basic, the highest level safe on this CPU: x64 (no avx)"),
            string.Join('\n', server.Logs.Lines));
        Assert.Contains(
            (await server.ScrapeMetricsAsync()).Split('\n'),
            line => line.StartsWith(RuntimeMetricNames.ModelInfo + "{", StringComparison.Ordinal)
                && line.Contains("model=\"sse-only-box\"", StringComparison.Ordinal)
                && line.Contains("graph_optimization=\"basic\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnACpuWithoutAvx_AConfiguredAll_IsHonouredWithAWarning()
    {
        await using var server = await EmbeddedServer.StartAsync(
            new RuntimeConfig { Model = new ModelConfig { Name = "sse-only-all", GraphOptimization = GraphOptimization.All } },
            CpuFeatureSets.Named("J4125"));

        Assert.True(
            server.Logs.Contains("Model sse-only-all: graph optimization all as configured, but on this CPU (x64 (no avx))", "leave graphOptimization at auto to get basic"),
            string.Join('\n', server.Logs.Lines));
        Assert.Contains(
            (await server.ScrapeMetricsAsync()).Split('\n'),
            line => line.Contains("model=\"sse-only-all\"", StringComparison.Ordinal) && line.Contains("graph_optimization=\"all\"", StringComparison.Ordinal));
    }
}
