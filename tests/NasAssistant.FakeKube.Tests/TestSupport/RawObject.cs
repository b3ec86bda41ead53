using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>Any object as JSON behind typed metadata, so <see cref="GenericClient"/> can send what a test wrote.</summary>
public sealed class RawObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; set; }
}
