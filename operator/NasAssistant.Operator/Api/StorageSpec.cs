namespace NasAssistant.Operator.Api;

/// <summary>Persistent volumes of the assistant.</summary>
public sealed class StorageSpec
{
    /// <summary>Volume holding downloaded and quantized models.</summary>
    public ModelsVolumeSpec Models { get; set; } = new();

    /// <summary>Volume holding conversations.</summary>
    public SessionsVolumeSpec Sessions { get; set; } = new();

    /// <summary>Keep both volumes (and so every conversation) when the AssistantDeployment is deleted.</summary>
    public bool RetainOnDelete { get; set; } = true;

    /// <summary>Whether either volume admits a single pod only.</summary>
    public bool UsesReadWriteOncePod() =>
        Models.AccessMode == VolumeAccessMode.ReadWriteOncePod || Sessions.AccessMode == VolumeAccessMode.ReadWriteOncePod;
}
