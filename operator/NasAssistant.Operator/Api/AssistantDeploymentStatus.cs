using k8s.Models;
using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>Observed state of an assistant.</summary>
public sealed class AssistantDeploymentStatus
{
    /// <summary>The metadata.generation this status describes.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Ready, Progressing, Degraded, ModelVerified, CertificateReady, MonitoringReady, and ChannelReady.NAME for each channel.</summary>
    [ListMapKeys("type")]
    public List<V1Condition>? Conditions { get; set; }

    /// <summary>Inference pods that exist.</summary>
    public int? Replicas { get; set; }

    /// <summary>Inference pods that are ready.</summary>
    public int? ReadyReplicas { get; set; }

    /// <summary>Label selector of the inference pods (for the scale subresource).</summary>
    public string? Selector { get; set; }

    /// <summary>URL of the assistant's API inside the cluster.</summary>
    public string? Endpoint { get; set; }

    /// <summary>SHA-256 of the INT8 model the pods serve (quantization Int8), as their quantize step reported it.</summary>
    public string? QuantizedModelSha256 { get; set; }

    /// <summary>The serving certificate currently in use.</summary>
    public CertificateStatus? Certificate { get; set; }
}
