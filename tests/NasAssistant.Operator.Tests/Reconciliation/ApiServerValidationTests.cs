using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Validation;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>
/// The API server, holding the generated CRD, rejects what the operator's own validation rejects,
/// with the same field path and message — CEL rules evaluated by a real CEL implementation.
/// </summary>
public sealed class ApiServerValidationTests
{
    public static TheoryData<string> InvalidSpecs() => new()
    {
        "autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 2}\n",
        "model:\n  source:\n    builtin: {}\n    volume: {path: m.onnx}\n  sha256: " + new string('a', 64) + "\n",
        "model:\n  source:\n    url: {href: 'https://nas.lan/m.onnx'}\n",
        "model:\n  source:\n    volume: {path: ../escape.onnx}\n  sha256: " + new string('a', 64) + "\n",
        "model: {task: Chat}\n",
        "tls: {mode: CertManager}\n",
        "tls: {mode: Secret}\n",
        "service: {nodePort: 30080}\n",
        "replicas: 2\nstorage:\n  sessions: {accessMode: ReadWriteOncePod}\n",
        "replicas: -1\n",
        "model: {task: translate}\n",
        "tls: {dnsNames: [Not_A_Host]}\n",
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public async Task ApiServer_RejectsWithTheOperatorsMessage(string spec)
    {
        await using var h = await StartAsync();
        var yaml = "apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata: {name: family, namespace: home}\nspec:\n"
            + string.Join("\n", spec.Split('\n').Select(line => line.Length == 0 ? line : "  " + line));
        var document = YamlDocuments.Parse(yaml).Single()!;
        var operatorErrors = AssistantDeploymentValidator.Validate(document).Errors;
        Assert.NotEmpty(operatorErrors);

        var rejection = await Assert.ThrowsAsync<HttpOperationException>(() => h.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            document, "nasassistant.io", "v1alpha1", Namespace, "assistantdeployments"));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, rejection.Response.StatusCode);
        var causes = System.Text.Json.Nodes.JsonNode.Parse(rejection.Response.Content)!["details"]!["causes"]!.AsArray()
            .Select(cause => new ValidationError((string)cause!["field"]!, (string)cause["message"]!))
            .ToList();
        Assert.Equal(operatorErrors.Select(e => e.ToString()).Order(StringComparer.Ordinal), causes.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InvalidSpecUnderAnOlderLaxCrd_IsDegradedWithEveryError_AndNoChildIsCreated()
    {
        // An operator upgraded before its CRD (Helm does not upgrade CRDs) meets objects its schema would refuse.
        var lax = CrdGenerator.Build();
        lax.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"] = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        await using var h = await StartAsync(lax);
        h.Fake.Requests.Clear();
        await h.CreateAsync("family", "replicas: 70\ntls: {mode: Secret}\nautoscaling: {minReplicas: 4, maxReplicas: 2}\n");

        await h.ConvergeAsync("family");

        var ad = await h.GetAsync("family");
        var degraded = FindCondition(ad, ConditionTypes.Degraded)!;
        Assert.Equal(("True", ConditionReasons.InvalidSpec), (degraded.Status, degraded.Reason));
        Assert.Contains("spec.replicas", degraded.Message, StringComparison.Ordinal);
        Assert.Contains("spec.tls.secretName", degraded.Message, StringComparison.Ordinal);
        Assert.Contains("spec.autoscaling.minReplicas", degraded.Message, StringComparison.Ordinal);
        Assert.Equal("False", Condition(ad, ConditionTypes.Ready));
        var childWrites = h.Fake.Requests.Records.Where(r => r.IsWrite && r.Resource is not ("assistantdeployments" or "events")).ToList();
        Assert.True(childWrites.Count == 0, "unexpected writes: " + string.Join(", ", childWrites.Select(r => $"{r.Verb} {r.Path}")));
        Assert.Single((await h.Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items, e => e.Reason == ConditionReasons.InvalidSpec);
    }
}
