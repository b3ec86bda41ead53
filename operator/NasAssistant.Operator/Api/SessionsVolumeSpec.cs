using k8s.Models;
using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>The conversations volume.</summary>
// Deliberately not shared with ModelsVolumeSpec: CRD defaults belong to a type, and the two default sizes differ.
public sealed class SessionsVolumeSpec
{
    /// <summary>Requested capacity of the claim the operator creates.</summary>
    public ResourceQuantity Size { get; set; } = new("5Gi");

    /// <summary>StorageClass of the claim; empty uses the cluster default (local-path on k3s).</summary>
    [SchemaPattern(NamePatterns.Dns1123Subdomain)]
    [SchemaLength(1, 253)]
    public string? StorageClassName { get; set; }

    /// <summary>Access mode of the claim. With ReadWriteOnce and more than one pod, the pods are kept on one node.</summary>
    public VolumeAccessMode AccessMode { get; set; } = VolumeAccessMode.ReadWriteOnce;

    /// <summary>Use this existing PersistentVolumeClaim instead of creating one.</summary>
    [SchemaPattern(NamePatterns.Dns1123Subdomain)]
    [SchemaLength(1, 253)]
    public string? ExistingClaim { get; set; }
}
