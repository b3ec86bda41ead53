using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Crd;

/// <summary>
/// The AssistantDeployment CRD as committed before issue 12 (testdata): its <c>{}</c> defaults sit on
/// nodes whose rules read fields the default lacks, which kube-apiserver's ValidateDefaults refuses.
/// </summary>
public sealed class AssistantDeploymentCrdTests : FakeKubeTest
{
    private const string Prefix = "spec.validation.openAPIV3Schema.properties[spec]";

    private static readonly (string Field, string Message)[] DefaultRuleProblems =
    [
        (Prefix + ".default", "Invalid value: \"object\": no such key: storage evaluating rule: a ReadWriteOncePod volume admits one pod; use ReadWriteOnce or ReadWriteMany for more replicas"),
        (Prefix + ".properties[model].default", "Invalid value: \"object\": no such key: source evaluating rule: sha256 is required for url and volume sources"),
        (Prefix + ".properties[model].default", "Invalid value: \"object\": no such key: task evaluating rule: task chat needs a volume source naming an ONNX Runtime GenAI model folder; the builtin model is an embedding model"),
        (Prefix + ".properties[autoscaling].default", "Invalid value: \"object\": no such key: minReplicas evaluating rule: minReplicas must not exceed maxReplicas"),
        (Prefix + ".properties[tls].default", "Invalid value: \"object\": no such key: mode evaluating rule: issuerRef is required when mode is CertManager"),
        (Prefix + ".properties[tls].default", "Invalid value: \"object\": no such key: mode evaluating rule: secretName is required when mode is Secret"),
    ];

    private static V1CustomResourceDefinition Fixture() =>
        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "assistantdeployments-defaults-unchecked.yaml")));

    [Fact]
    public async Task Rejects_TodaysCrd_ForExactlyItsSixDefaultRuleProblems()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Fixture()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal(DefaultRuleProblems, status.Details.Causes.Select(c => (c.Field, c.Message)));
        Assert.All(status.Details.Causes, c => Assert.Equal("FieldValueInvalid", c.Reason));
        Assert.Equal(
            "CustomResourceDefinition.apiextensions.k8s.io \"assistantdeployments.nasassistant.io\" is invalid: ["
                + string.Join(", ", DefaultRuleProblems.Select(p => $"{p.Field}: {p.Message}")) + "]",
            status.Message);
    }

    [Fact]
    public async Task Accepts_TodaysCrd_OnceItsRuleBearingObjectsHaveNoDefault()
    {
        var crd = Fixture();
        var spec = crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];
        spec.DefaultProperty = null;
        foreach (var name in new[] { "model", "autoscaling", "tls" })
        {
            spec.Properties[name].DefaultProperty = null;
        }

        var created = await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);

        Assert.Contains(created.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
    }
}
