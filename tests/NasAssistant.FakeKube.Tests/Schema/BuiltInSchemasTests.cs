using NasAssistant.FakeKube.Schema.BuiltIn;

namespace NasAssistant.FakeKube.Tests.Schema;

public sealed class BuiltInSchemasTests
{
    [Theory]
    [InlineData("apps", "v1", "Deployment", "io.k8s.api.apps.v1.Deployment")]
    [InlineData("", "v1", "Service", "io.k8s.api.core.v1.Service")]
    [InlineData("", "v1", "Event", "io.k8s.api.core.v1.Event")]
    [InlineData("events.k8s.io", "v1", "Event", "io.k8s.api.events.v1.Event")]
    [InlineData("autoscaling", "v2", "HorizontalPodAutoscaler", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler")]
    [InlineData("policy", "v1", "PodDisruptionBudget", "io.k8s.api.policy.v1.PodDisruptionBudget")]
    [InlineData("networking.k8s.io", "v1", "NetworkPolicy", "io.k8s.api.networking.v1.NetworkPolicy")]
    [InlineData("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")]
    public void Names_EachServedKind_AsTheRealOpenApiDoes(string group, string version, string kind, string definition) =>
        Assert.Equal(definition, BuiltInSchemas.DefinitionOf(group, version, kind));

    [Theory]
    [InlineData("io.k8s.api.core.v1.PodSpec", "containers", "map", "name", "merge", "name")]
    [InlineData("io.k8s.api.core.v1.PodSpec", "volumes", "map", "name", "merge,retainKeys", "name")]
    [InlineData("io.k8s.api.core.v1.Container", "ports", "map", "containerPort,protocol", "merge", "containerPort")]
    [InlineData("io.k8s.api.core.v1.Container", "env", "map", "name", "merge", "name")]
    [InlineData("io.k8s.api.core.v1.Container", "volumeMounts", "map", "mountPath", "merge", "mountPath")]
    [InlineData("io.k8s.api.core.v1.ServiceSpec", "ports", "map", "port,protocol", "merge", "port")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", "map", "uid", "merge", "uid")]
    [InlineData("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", "set", "", "merge", null)]
    [InlineData("io.k8s.api.core.v1.PodSpec", "tolerations", "atomic", "", null, null)]
    public void Lists_CarryTheListAndPatchMetadataOfTheGoTypes(string definition, string field, string listType, string keys, string? strategy, string? mergeKey)
    {
        var property = BuiltInSchemas.Structural.View(definition).Property(field)!.Value;
        Assert.Equal(listType, property.ListType);
        Assert.Equal(keys, string.Join(',', property.ListMapKeys));
        Assert.Equal(strategy, property.PatchStrategy);
        Assert.Equal(mergeKey, property.PatchMergeKey);
    }

    [Fact]
    public void DeploymentStrategy_IsRetainKeys()
    {
        var spec = BuiltInSchemas.Structural.View("io.k8s.api.apps.v1.DeploymentSpec");
        Assert.Equal("retainKeys", spec.Property("strategy")!.Value.PatchStrategy);
        Assert.Equal("object", spec.Property("strategy")!.Value.Type);
    }

    [Fact]
    public void Scalars_IntOrStringQuantityAndMaps_HaveTheirOpenApiShapes()
    {
        var set = BuiltInSchemas.Structural;
        var rolling = set.View("io.k8s.api.apps.v1.RollingUpdateDeployment");
        Assert.Equal("int-or-string", rolling.Property("maxSurge")!.Value.Node["format"]!.GetValue<string>());
        var resources = set.View("io.k8s.api.core.v1.ResourceRequirements");
        Assert.Equal("string", resources.Property("limits")!.Value.AdditionalProperties!.Value.Type);
        Assert.Equal("atomic", set.View("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector").MapType);
        Assert.Equal("atomic", set.View("io.k8s.api.core.v1.PodSpec").Property("nodeSelector")!.Value.MapType);
        var port = set.View("io.k8s.api.core.v1.ServicePort");
        Assert.Contains("port", port.Node["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("TCP", port.PropertyNode("protocol")!["default"]!.GetValue<string>());
    }

    [Fact]
    public void Published_CarriesDescriptionsFromTheClientDocumentation()
    {
        var spec = BuiltInSchemas.Published.View("io.k8s.api.apps.v1.DeploymentSpec");
        Assert.StartsWith("Number of desired pods.", spec.PropertyNode("replicas")!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("DeploymentSpec is the specification", spec.Node["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Kinds_CarryTheirGroupVersionKind()
    {
        var gvk = BuiltInSchemas.Structural.View("io.k8s.api.apps.v1.Deployment").Node["x-kubernetes-group-version-kind"]![0]!;
        Assert.Equal("apps", gvk["group"]!.GetValue<string>());
        Assert.Equal("v1", gvk["version"]!.GetValue<string>());
        Assert.Equal("Deployment", gvk["kind"]!.GetValue<string>());
    }
}
