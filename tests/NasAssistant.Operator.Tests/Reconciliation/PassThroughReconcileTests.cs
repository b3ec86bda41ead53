using k8s;
using k8s.Models;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Reconciliation.Status;
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

        var degraded = FindCondition(await h.GetAsync("family"), ConditionTypes.Degraded)!;
        Assert.Equal(("True", ConditionReasons.InvalidSpec), (degraded.Status, degraded.Reason));
        Assert.Contains("spec.tolerations[0].operator: Invalid value: \"object\": value must be empty when `operator` is 'Exists'", degraded.Message, StringComparison.Ordinal);
        AssertNoChildWritten(h);
        Assert.Empty((await h.Client.AppsV1.ListNamespacedDeploymentAsync(Namespace)).Items);
    }

    [Fact]
    public async Task NodeSelectorKeyTheCrdCannotCheck_IsDegraded_AndNoChildIsWritten()
    {
        await using var h = await StartAsync();
        h.Fake.Requests.Clear();
        await h.CreateAsync("family", "nodeSelector: {'disk type': ssd}\n");

        await h.ConvergeAsync("family");

        var ad = await h.GetAsync("family");
        var degraded = FindCondition(ad, ConditionTypes.Degraded)!;
        Assert.Equal(("True", ConditionReasons.InvalidSpec), (degraded.Status, degraded.Reason));
        Assert.Contains("spec.nodeSelector: Invalid value: \"disk type\": name part must consist of alphanumeric characters", degraded.Message, StringComparison.Ordinal);
        Assert.Equal("False", Condition(ad, ConditionTypes.Ready));
        AssertNoChildWritten(h);
    }

    private static void AssertNoChildWritten(ReconcilerHarness h)
    {
        var childWrites = h.Fake.Requests.Records.Where(r => r.IsWrite && r.Resource is not ("assistantdeployments" or "events")).ToList();
        Assert.True(childWrites.Count == 0, "unexpected writes: " + string.Join(", ", childWrites.Select(r => $"{r.Verb} {r.Path}")));
    }
}
