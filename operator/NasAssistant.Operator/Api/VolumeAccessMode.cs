using System.Text.Json.Serialization;

namespace NasAssistant.Operator.Api;

/// <summary>PersistentVolumeClaim access modes the assistant supports.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VolumeAccessMode>))]
public enum VolumeAccessMode
{
    /// <summary>Mounted read-write by pods on one node.</summary>
    ReadWriteOnce,

    /// <summary>Mounted read-write by pods on many nodes (NFS and similar).</summary>
    ReadWriteMany,

    /// <summary>Mounted read-write by a single pod.</summary>
    ReadWriteOncePod,
}
