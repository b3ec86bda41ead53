using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Any Kubernetes object, typed metadata plus the rest as JSON, so one apply path serves every kind
/// (including add-on kinds without KubernetesClient models) through <see cref="GenericClient"/>.
/// </summary>
internal sealed class UnstructuredObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    // Dictionary, not JsonObject: System.Text.Json writes a JsonObject extension member as a nested object.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; set; }

    public static UnstructuredObject From(object value) => FromJson(JsonTree.Of(value));

    public static UnstructuredObject FromJson(JsonObject json) => KubernetesJson.Deserialize<UnstructuredObject>(json.ToJsonString());

    public JsonObject ToJson() => JsonTree.Of(this);
}
