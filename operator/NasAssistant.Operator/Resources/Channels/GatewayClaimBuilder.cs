using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>
/// The gateway's delivery journal volume: which messages were answered and which reply parts were sent, so a restart or a
/// standby taking over answers each message once. It is owned (deleted with the gateway): it holds no conversation.
/// </summary>
internal static class GatewayClaimBuilder
{
    /// <summary>The journal is small; many provisioners round up to their own minimum.</summary>
    public static readonly ResourceQuantity Size = new("256Mi");

    public static V1PersistentVolumeClaim? Build(AssistantDeployment ad) =>
        ad.Spec.HasChannels()
            ? new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = ChildMetadata.ForGateway(ad, Naming.GatewayDataClaim(ad)),
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = ad.Spec.Gateway.StorageClassName,
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = Size } },
                },
            }
            : null;
}
