using k8s;
using k8s.Models;
using NasAssistant.Operator.Crd;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>
/// A pass-through value Kubernetes would refuse for the pods becomes Degraded=True with reason
/// InvalidSpec on the AssistantDeployment, and the operator writes no child: no 422 on a Deployment.
/// </summary>
public sealed class PassThroughReconcileTests
{
    [Fact]
    public async Task InvalidToleration_UnderACrdWithOpaqueTolerations_IsDegraded_AndNoDeploymentIsWritten()
    {
        // The CRD before tolerations had a schema kept them opaque; Helm does not upgrade CRDs, so a
        // cluster can still run it under a newer operator.
        var old = CrdGenerator.Build();
        old.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["tolerations"] = new V1JSONSchemaProps
        {
            Type = "array",
            Items = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
        };
        await using var h = await StartAsync(old);
        h.Fake.Requests.Clear();
        await h.CreateAsync("family", "tolerations: [{key: dedicated, operator: Exists, value: nas}]\n");

        await h.ConvergeAsync("family");

        var message = await h.AssertInvalidSpecAsync("family");
        Assert.Contains("spec.tolerations[0].operator: Invalid value: \"object\": value must be empty when `operator` is 'Exists'", message, StringComparison.Ordinal);
        Assert.Empty((await h.Client.AppsV1.ListNamespacedDeploymentAsync(Namespace)).Items);
    }

    [Fact]
    public async Task NodeSelectorKeyTheCrdCannotCheck_IsDegraded_AndNoChildIsWritten()
    {
        await using var h = await StartAsync();
        h.Fake.Requests.Clear();
        await h.CreateAsync("family", "nodeSelector: {'disk type': ssd}\n");

        await h.ConvergeAsync("family");

        var message = await h.AssertInvalidSpecAsync("family");
        Assert.Contains("spec.nodeSelector: Invalid value: \"disk type\": name part must consist of alphanumeric characters", message, StringComparison.Ordinal);
    }
}
