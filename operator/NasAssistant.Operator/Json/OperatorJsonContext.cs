using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources.ThirdParty;

namespace NasAssistant.Operator.Json;

/// <summary>
/// Source-generated JSON contracts of every type the operator reads or writes (<see cref="OperatorJson"/>): the API types,
/// the Kubernetes kinds it makes or reads, the add-on kinds and raw JSON trees. Only these are compiled into the Native AOT
/// binary; KubernetesClient's own contracts cover every Kubernetes type and would cost about 20 MB of memory at start.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(KubernetesTime)])]
[JsonSerializable(typeof(AssistantDeployment))]
[JsonSerializable(typeof(AssistantDeploymentStatus))]
[JsonSerializable(typeof(Certificate))]
[JsonSerializable(typeof(PrometheusRule))]
[JsonSerializable(typeof(PrometheusRuleSpec))]
[JsonSerializable(typeof(ServiceMonitor))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(V1PersistentVolumeClaim))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1NetworkPolicy))]
[JsonSerializable(typeof(V2HorizontalPodAutoscaler))]
[JsonSerializable(typeof(V1PodDisruptionBudget))]
[JsonSerializable(typeof(V1Role))]
[JsonSerializable(typeof(V1RoleBinding))]
[JsonSerializable(typeof(V1StorageClass))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(V1ObjectMeta))]
[JsonSerializable(typeof(V1CustomResourceDefinition))]
[JsonSerializable(typeof(V1JSONSchemaProps))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(JsonValue))]
[JsonSerializable(typeof(string))]
internal sealed partial class OperatorJsonContext : JsonSerializerContext;
