using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>The models and sessions claims; none is built for a volume that names an existing claim.</summary>
internal static class PersistentVolumeClaimBuilder
{
    public static V1PersistentVolumeClaim? BuildModels(AssistantDeployment ad)
    {
        var models = ad.Spec.Storage.Models;
        return models.ExistingClaim is not null
            ? null
            : Build(ad, Naming.ModelsClaim(ad), models.Size, models.StorageClassName, models.AccessMode);
    }

    public static V1PersistentVolumeClaim? BuildSessions(AssistantDeployment ad)
    {
        var sessions = ad.Spec.Storage.Sessions;
        return sessions.ExistingClaim is not null
            ? null
            : Build(ad, Naming.SessionsClaim(ad), sessions.Size, sessions.StorageClassName, sessions.AccessMode);
    }

    private static V1PersistentVolumeClaim Build(
        AssistantDeployment ad, string name, ResourceQuantity size, string? storageClass, VolumeAccessMode accessMode) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        Metadata = ad.Spec.Storage.RetainOnDelete ? ChildMetadata.Unowned(ad, name) : ChildMetadata.For(ad, name),
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = [accessMode.ToString()],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = Quantities.Canonical(size) },
            },
        },
    };
}
