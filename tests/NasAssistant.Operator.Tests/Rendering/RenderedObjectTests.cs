using k8s;
using k8s.Models;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Resources.ThirdParty;

namespace NasAssistant.Operator.Tests.Rendering;

/// <summary>Every rendered object is a valid instance of its typed KubernetesClient (or CRD) model.</summary>
public sealed class RenderedObjectTests
{
    private static readonly Dictionary<string, Type> Models = new()
    {
        ["v1/PersistentVolumeClaim"] = typeof(V1PersistentVolumeClaim),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["cert-manager.io/v1/Certificate"] = typeof(Certificate),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(PrometheusRule),
    };

    [Theory]
    [MemberData(nameof(GoldenRenderTests.Cases), MemberType = typeof(GoldenRenderTests))]
    public void EveryRenderedObject_DeserializesStrictlyAsItsTypedModel_AndRoundTrips(string input)
    {
        var output = Renderer.Render(File.ReadAllText(GoldenRenderTests.InputPath(input)), input, new OperatorSettings()).Manifests!;
        var documents = output.Split("---\n");
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            var yaml = string.Join("\n", document.Split('\n').Where(line => !line.StartsWith('#')));
            var head = KubernetesYaml.Deserialize<KubernetesObject>(yaml);
            var key = $"{head.ApiVersion}/{head.Kind}";
            Assert.True(Models.TryGetValue(key, out var model), $"unexpected kind {key}");

            // strict: an unknown or misspelled field would throw here.
            var typed = DeserializeStrict(yaml, model);
            Assert.Equal(yaml, ManifestYaml.Write(typed));
        }
    }

    private static object DeserializeStrict(string yaml, Type model)
    {
        var method = typeof(KubernetesYaml).GetMethods()
            .Single(m => m.Name == nameof(KubernetesYaml.Deserialize) && m.IsGenericMethod
                && m.GetParameters() is [{ ParameterType: var p }, { ParameterType: var s }] && p == typeof(string) && s == typeof(bool));
        return method.MakeGenericMethod(model).Invoke(null, [yaml, true])!;
    }
}
