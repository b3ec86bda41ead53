using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace NasAssistant.Operator.Api;

/// <summary>One private AI assistant: its model, scaling, storage, TLS, network access and monitoring.</summary>
public sealed class AssistantDeployment : IKubernetesObject<V1ObjectMeta>, ISpec<AssistantDeploymentSpec>, IStatus<AssistantDeploymentStatus?>
{
    /// <summary>API group of the resource.</summary>
    public const string Group = "nasassistant.io";

    /// <summary>API version within the group.</summary>
    public const string Version = "v1alpha1";

    /// <summary>Kind of the resource.</summary>
    public const string KindName = "AssistantDeployment";

    /// <summary>Plural resource name used in API paths.</summary>
    public const string Plural = "assistantdeployments";

    /// <summary><c>apiVersion</c> value of the resource.</summary>
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>APIVersion defines the versioned schema of this representation of an object.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    /// <summary>Kind is a string value representing the REST resource this object represents.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state of the assistant.</summary>
    [JsonPropertyName("spec")]
    public AssistantDeploymentSpec Spec { get; set; } = new();

    /// <summary>Observed state of the assistant, written by the operator.</summary>
    [JsonPropertyName("status")]
    public AssistantDeploymentStatus? Status { get; set; }
}
