using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>Metadata every child shares: name, namespace, labels and (unless retained) the owner reference.</summary>
internal static class ChildMetadata
{
    public static V1ObjectMeta For(AssistantDeployment ad, string name) => new()
    {
        Name = name,
        NamespaceProperty = ad.Metadata.NamespaceProperty,
        Labels = Naming.Labels(ad),
        OwnerReferences = OwnerReference(ad) is { } owner ? [owner] : null,
    };

    /// <summary>Metadata of a gateway child: as <see cref="For"/>, with the gateway's component label.</summary>
    public static V1ObjectMeta ForGateway(AssistantDeployment ad, string name)
    {
        var metadata = For(ad, name);
        metadata.Labels = Naming.GatewayLabels(ad);
        return metadata;
    }

    /// <summary>
    /// Metadata of a child that must outlive its AssistantDeployment (a retained volume): no owner
    /// reference, like a StatefulSet's claims under the Retain policy, so no deletion path — background,
    /// foreground or orphan — lets the garbage collector take it. The labels find it again.
    /// </summary>
    public static V1ObjectMeta Unowned(AssistantDeployment ad, string name) => new()
    {
        Name = name,
        NamespaceProperty = ad.Metadata.NamespaceProperty,
        Labels = Naming.Labels(ad),
    };

    /// <summary>
    /// The controller reference to the AssistantDeployment. A resource read from a file has no uid
    /// yet, so rendered manifests carry none; the reconciler always has one.
    /// </summary>
    public static V1OwnerReference? OwnerReference(AssistantDeployment ad) =>
        string.IsNullOrEmpty(ad.Metadata.Uid)
            ? null
            : new V1OwnerReference
            {
                ApiVersion = AssistantDeployment.GroupVersion,
                Kind = AssistantDeployment.KindName,
                Name = ad.Metadata.Name,
                Uid = ad.Metadata.Uid,
                Controller = true,
                BlockOwnerDeletion = true,
            };
}
