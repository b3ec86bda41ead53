using NasAssistant.Chart.Tests.Tools;

namespace NasAssistant.Chart.Tests.Chart;

public sealed class ChartLintTests
{
    public static TheoryData<string, string> Cases() => ChartValueSets.WithHelms();

    [Theory]
    [MemberData(nameof(Cases))]
    public void HelmLintStrict_Passes(string helm, string valueSet)
    {
        var values = Path.Combine(Path.GetTempPath(), $"nas-assistant-lint-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(values, ChartValueSets.All[valueSet]);
        try
        {
            var result = ExternalTool.Helms[helm].Run(["lint", "--strict", RepositoryPaths.Chart, "--values", values]);
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(values);
        }
    }

    [Fact]
    public void ChartMetadata_IsApiV2WithVersionsTheOperatorDefaultsTo()
    {
        var chart = File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "Chart.yaml"));
        Assert.Contains("apiVersion: v2\n", chart, StringComparison.Ordinal);
        Assert.Contains("version: 0.1.0\n", chart, StringComparison.Ordinal);
        var appVersion = NasAssistant.Operator.OperatorSettings.DefaultRuntimeImage.Split(':')[^1];
        Assert.Contains($"appVersion: \"{appVersion}\"\n", chart, StringComparison.Ordinal);
    }

    [Fact]
    public void ChartCrd_IsTheGeneratedCrd()
    {
        Assert.Equal(
            File.ReadAllText(RepositoryPaths.Path("crds", "nasassistant.io_assistantdeployments.yaml")),
            File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "crds", "nasassistant.io_assistantdeployments.yaml")));
    }
}
