using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Reconciliation;
using NasAssistant.Operator.Resources.ThirdParty;

namespace NasAssistant.Operator.Json;

/// <summary>
/// Source-generated JSON contracts of every type the operator hands to <see cref="KubernetesJson"/> that
/// KubernetesClient's own contracts lack: the API types, the add-on kinds, raw JSON trees and the watch events
/// KubernetesClient reads (it peeks at each as a KubernetesObject, then a V1Status or the object). With them the Native AOT build serializes without reflection; the JIT build uses the same contracts
/// (<see cref="OperatorJson.Install()"/>), so the tests run the code the AOT build runs. The options are KubernetesJson's:
/// camelCase, nulls left out, enums as strings.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AssistantDeployment))]
[JsonSerializable(typeof(AssistantDeploymentStatus))]
[JsonSerializable(typeof(UnstructuredObject))]
[JsonSerializable(typeof(Certificate))]
[JsonSerializable(typeof(PrometheusRule))]
[JsonSerializable(typeof(PrometheusRuleSpec))]
[JsonSerializable(typeof(ServiceMonitor))]
[JsonSerializable(typeof(Watcher<object>.WatchEvent))]
[JsonSerializable(typeof(Watcher<KubernetesObject>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Status>.WatchEvent))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(JsonValue))]
[JsonSerializable(typeof(string))]
internal sealed partial class OperatorJsonContext : JsonSerializerContext;
