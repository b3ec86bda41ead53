using k8s;
using k8s.Models;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator.Resources.ThirdParty;

namespace NasAssistant.Chart.Tests.Chart;

/// <summary>The objects <c>helm template</c> printed for one value set, each parsed strictly as its typed model.</summary>
internal sealed class RenderedChart
{
    public const string ReleaseName = "nas";
    public const string ReleaseNamespace = "nas-system";

    private static readonly Dictionary<string, Type> ThirdPartyTypes = new()
    {
        [$"{ServiceMonitor.GroupVersion}/ServiceMonitor"] = typeof(ServiceMonitor),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(PrometheusRule),
    };

    private RenderedChart(string manifest, IReadOnlyList<object> objects)
    {
        Manifest = manifest;
        Objects = objects;
    }

    public string Manifest { get; }

    public IReadOnlyList<object> Objects { get; }

    public static ToolResult Template(ExternalTool helm, string valuesYaml, params string[] extraArguments)
    {
        var values = Path.Combine(Path.GetTempPath(), $"nas-assistant-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(values, valuesYaml);
        try
        {
            return helm.Run(["template", ReleaseName, RepositoryPaths.Chart, "--namespace", ReleaseNamespace, "--values", values, .. extraArguments]);
        }
        finally
        {
            File.Delete(values);
        }
    }

    public static RenderedChart Render(string helmName, string valueSet) => Render(ExternalTool.Helms[helmName], ChartValueSets.All[valueSet]);

    public static RenderedChart Render(ExternalTool helm, string valuesYaml)
    {
        var result = Template(helm, valuesYaml);
        Assert.True(result.ExitCode == 0, "helm template failed: " + result.Describe());
        var objects = KubernetesYaml.LoadAllFromString(result.StandardOutput, ThirdPartyTypes, strict: true);
        Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o));
        return new RenderedChart(result.StandardOutput, objects);
    }

    public IEnumerable<T> OfType<T>() => Objects.OfType<T>();

    public T Single<T>() => Assert.Single(Objects.OfType<T>());
}
