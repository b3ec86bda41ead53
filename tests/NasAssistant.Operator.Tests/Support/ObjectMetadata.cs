using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace NasAssistant.Operator.Tests.Support;

/// <summary>Any object from the fake's store, read for its metadata only (apiVersion, kind, labels, owners).</summary>
internal sealed class ObjectMetadata
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public static ObjectMetadata Of(JsonObject json) => KubernetesJson.Deserialize<ObjectMetadata>(json.ToJsonString());
}
