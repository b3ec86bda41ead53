using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace NasAssistant.Hosting.Kube;

/// <summary>
/// Source-generated contracts of the Kubernetes types this library reads and writes itself: a watch's error Status and the
/// Lease. JsonElement too: a Lease read back carries managedFields, whose fieldsV1 KubernetesClient types as object.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KubernetesTime)])]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;
