using System.Text.Json.Nodes;
using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class OwnerMappingTests
{
    private static JsonObject Child(string? owners = null, string? labels = null) => JsonNode.Parse(
        """{"metadata": {"name": "family-config", "namespace": "home", "ownerReferences": """ + (owners ?? "[]")
        + """, "labels": """ + (labels ?? "{}") + "}}")!.AsObject();

    [Theory]
    [InlineData("""[{"apiVersion":"nasassistant.io/v1alpha1","kind":"AssistantDeployment","name":"family","uid":"u","controller":true}]""", null, "family")]
    [InlineData("""[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"x","uid":"u","controller":true},{"apiVersion":"nasassistant.io/v1alpha1","kind":"AssistantDeployment","name":"family","uid":"u","controller":true}]""", null, "family")]
    [InlineData(null, """{"app.kubernetes.io/instance":"family","app.kubernetes.io/managed-by":"nas-assistant-operator"}""", "family")]
    [InlineData("""[{"apiVersion":"nasassistant.io/v1alpha1","kind":"AssistantDeployment","name":"other","uid":"u","controller":false}]""", """{"app.kubernetes.io/instance":"family","app.kubernetes.io/managed-by":"nas-assistant-operator"}""", "family")]
    [InlineData("""[{"apiVersion":"nasassistant.io/v1alpha1","kind":"AssistantDeployment","name":"other","uid":"u","controller":false}]""", null, null)]
    [InlineData("""[{"apiVersion":"example.com/v1","kind":"AssistantDeployment","name":"other","uid":"u","controller":true}]""", null, null)]
    [InlineData(null, """{"app.kubernetes.io/instance":"family"}""", null)]
    [InlineData(null, null, null)]
    public void OwnerOf_FollowsTheControllerReference_ThenTheInstanceLabel(string? owners, string? labels, string? expected)
    {
        var owner = OwnerMapping.OwnerOf(Child(owners, labels));

        Assert.Equal(expected is null ? null : new ResourceKey("home", expected), owner);
    }
}
