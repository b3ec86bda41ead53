using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.Hosting.Kube;

namespace NasAssistant.Hosting.Leadership;

/// <summary>Lease objects to and from JSON, and where they live.</summary>
public static class Lease
{
    /// <summary>The Leases of namespace <paramref name="ns"/>.</summary>
    public static ResourcePath Path(string ns) => new("coordination.k8s.io", "v1", "leases", ns);

    /// <summary>A Lease to create: its kind, name and namespace, nothing else yet.</summary>
    public static V1Lease New(string ns, string name) =>
        new() { ApiVersion = "coordination.k8s.io/v1", Kind = "Lease", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } };

    /// <summary>The Lease in an API server's answer.</summary>
    public static V1Lease From(JsonObject json) =>
        json.Deserialize(HostingJsonContext.Default.V1Lease) ?? throw new JsonException("the API server answered with no Lease");

    /// <summary>The Lease as the body of a write.</summary>
    public static JsonObject ToJson(V1Lease lease) => JsonSerializer.SerializeToNode(lease, HostingJsonContext.Default.V1Lease)!.AsObject();
}
