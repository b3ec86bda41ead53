using k8s.Models;
using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>Desired state of an assistant.</summary>
public sealed class AssistantDeploymentSpec
{
    /// <summary>The model the assistant serves.</summary>
    public ModelSpec Model { get; set; } = new();

    /// <summary>Number of inference pods when autoscaling is disabled.</summary>
    [SchemaRange(0, 50)]
    public int Replicas { get; set; } = 1;

    /// <summary>CPU-based horizontal autoscaling; when enabled the autoscaler owns the replica count.</summary>
    public AutoscalingSpec Autoscaling { get; set; } = new();

    /// <summary>CPU and memory requested and allowed for each inference pod.</summary>
    public ResourcesSpec Resources { get; set; } = new();

    /// <summary>Dynamic batching and threading of inference.</summary>
    public InferenceSpec Inference { get; set; } = new();

    /// <summary>Persistent volumes for models and conversations.</summary>
    public StorageSpec Storage { get; set; } = new();

    /// <summary>How conversations are kept.</summary>
    public ConversationsSpec Conversations { get; set; } = new();

    /// <summary>The knowledge base chat answers draw on.</summary>
    public KnowledgeSpec Knowledge { get; set; } = new();

    /// <summary>HTTPS for the assistant's API.</summary>
    public TlsSpec Tls { get; set; } = new();

    /// <summary>API key authentication for clients.</summary>
    public AuthSpec Auth { get; set; } = new();

    /// <summary>Who may connect to the assistant and where it may connect to.</summary>
    public NetworkSpec Network { get; set; } = new();

    /// <summary>The Service that exposes the assistant.</summary>
    public ServiceSpec Service { get; set; } = new();

    /// <summary>Prometheus Operator integration.</summary>
    public MonitoringSpec Monitoring { get; set; } = new();

    /// <summary>IANA time zone of the pods (for example Europe/Berlin), used in logs and conversation timestamps.</summary>
    [SchemaPattern(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")]
    [SchemaLength(1, 64)]
    public string Timezone { get; set; } = "UTC";

    /// <summary>Messenger channels (at most 16, names unique): when any is named, a channel gateway bridges them to the assistant.</summary>
    [ListMapKeys("name")]
    [SchemaItems(0, 16)]
    public List<ChannelSpec>? Channels { get; set; }

    /// <summary>The channel gateway's pods; used only when channels are named.</summary>
    public GatewaySpec Gateway { get; set; } = new();

    /// <summary>Runtime container image; empty uses the image the operator was installed with.</summary>
    [SchemaLength(1, 512)]
    public string? Image { get; set; }

    /// <summary>Node labels the inference pods must match: label names as keys, label values as values.</summary>
    [SchemaItemPattern(NamePatterns.LabelValue)]
    [SchemaItemLength(0, NamePatterns.LabelValueMaxLength)]
    public Dictionary<string, string>? NodeSelector { get; set; }

    /// <summary>Tolerations of the inference pods (at most 32), checked as Kubernetes checks a pod's.</summary>
    [SchemaItems(0, 32)]
    public List<V1Toleration>? Tolerations { get; set; }

    /// <summary>Affinity of the inference pods, checked as Kubernetes checks a pod's (the operator adds a same-node rule when a ReadWriteOnce volume is shared).</summary>
    public V1Affinity? Affinity { get; set; }

    /// <summary>PriorityClass of the inference pods; empty means none.</summary>
    [SchemaPattern(NamePatterns.Dns1123SubdomainOrEmpty)]
    [SchemaLength(0, NamePatterns.Dns1123SubdomainMaxLength)]
    public string? PriorityClassName { get; set; }

    /// <summary>Most inference pods that can run at once: the autoscaler's maximum, else the replica count.</summary>
    public int MaxPods() => Autoscaling.Enabled ? Autoscaling.MaxReplicas : Replicas;

    /// <summary>Fewest inference pods that should run: the autoscaler's minimum, else the replica count.</summary>
    public int MinPods() => Autoscaling.Enabled ? Autoscaling.MinReplicas : Replicas;

    /// <summary>Whether a channel gateway runs: some channel is named.</summary>
    public bool HasChannels() => Channels is { Count: > 0 };
}
