using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Json;

namespace NasAssistant.Operator.Tests.Json;

/// <summary>
/// The operator serializes through its own source-generated contracts only, in every build, as the Native AOT binary must:
/// a type without a contract fails here, not first in a pod. And it never reaches KubernetesClient's typed client or its
/// JSON helper, whose contracts for every Kubernetes type would be compiled into the binary and rehydrated at start.
/// </summary>
public sealed class OperatorJsonTests
{
    private sealed record NotRegistered(string Name);

    [Fact]
    public void ATypeWithoutAContract_IsRefused_AsInTheAotBuild()
    {
        Assert.ThrowsAny<NotSupportedException>(() => OperatorJson.Serialize(new NotRegistered("x")));
    }

    [Fact]
    public void TheApiTypesAndKubernetesModels_HaveContracts()
    {
        var ad = new AssistantDeployment { Metadata = new V1ObjectMeta { Name = "family" } };
        Assert.Equal("family", OperatorJson.Deserialize<AssistantDeployment>(OperatorJson.Serialize(ad)).Metadata.Name);
        Assert.Contains("\"task\":\"Embedding\"", OperatorJson.Serialize(ad.Spec.Model), StringComparison.Ordinal);
        Assert.Equal("x", OperatorJson.Deserialize<V1ConfigMap>("""{"metadata":{"name":"x"}}""").Metadata.Name);
    }

    [Fact]
    public void Timestamps_AreWrittenAsKubernetesWritesThem()
    {
        var lease = new V1ObjectMeta { CreationTimestamp = new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc) };
        Assert.Contains("\"creationTimestamp\":\"2026-12-07T08:00:00Z\"", OperatorJson.Serialize(lease), StringComparison.Ordinal);
        var nanos = OperatorJson.Deserialize<V1ObjectMeta>("""{"creationTimestamp":"2026-12-07T08:00:00.123456789Z"}""");
        Assert.Equal(new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567), nanos.CreationTimestamp);
    }

    // What would bring every KubernetesClient contract into the binary: its JSON helper (whose static options hold them all),
    // its typed client and what builds on it, and its kubeconfig loader (whose exec runner uses the helper).
    [Theory]
    [InlineData("NasAssistant.Operator")]
    [InlineData("NasAssistant.Hosting")]
    public void TheOperatorsAssemblies_DoNotReferenceKubernetesClientsTypedClientOrJsonHelper(string assembly)
    {
        string[] forbiddenTypes = ["KubernetesJson", "IKubernetes", "Kubernetes", "GenericClient", "LeaseLock", "Yaml", "Watcher`1"];
        string[] forbiddenMembers = ["BuildConfigFromConfigObject", "BuildConfigFromConfigFile", "BuildDefaultConfig", "LoadKubeConfig"];
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var types = metadata.TypeReferences.Select(handle => metadata.GetTypeReference(handle))
            .Where(type => metadata.GetString(type.Namespace) == "k8s")
            .Select(type => metadata.GetString(type.Name))
            .ToList();
        var members = metadata.MemberReferences.Select(handle => metadata.GetString(metadata.GetMemberReference(handle).Name)).ToList();

        Assert.Empty(types.Intersect(forbiddenTypes));
        Assert.Empty(members.Intersect(forbiddenMembers));
        Assert.Contains("KubernetesClientConfiguration", types);
    }
}
