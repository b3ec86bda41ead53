using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Tests.Json;

/// <summary>
/// The operator's tests run with KubernetesClient's reflection fallback taken out (OperatorJsonSetup), as the Native AOT
/// build runs: a type without a source-generated contract fails here, not first in a pod.
/// </summary>
public sealed class OperatorJsonTests
{
    private sealed record NotRegistered(string Name);

    [Fact]
    public void ATypeWithoutAContract_IsRefused_AsInTheAotBuild()
    {
        Assert.ThrowsAny<Exception>(() => KubernetesJson.Serialize(new NotRegistered("x")));
    }

    [Fact]
    public void TheApiTypesAndKubernetesModels_HaveContracts()
    {
        var ad = new AssistantDeployment { Metadata = new V1ObjectMeta { Name = "family" } };
        Assert.Equal("family", KubernetesJson.Deserialize<AssistantDeployment>(KubernetesJson.Serialize(ad)).Metadata.Name);
        Assert.Contains("\"task\":\"Embedding\"", KubernetesJson.Serialize(ad.Spec.Model), StringComparison.Ordinal);
        Assert.Equal("x", KubernetesJson.Deserialize<V1ConfigMap>("""{"metadata":{"name":"x"}}""").Metadata.Name);
    }
}
