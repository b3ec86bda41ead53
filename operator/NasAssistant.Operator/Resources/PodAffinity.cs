using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>The pods' affinity: the user's, plus a same-node rule when a ReadWriteOnce volume is shared.</summary>
internal static class PodAffinity
{
    private const string HostnameTopology = "kubernetes.io/hostname";

    public static V1Affinity? For(AssistantDeployment ad)
    {
        var user = ad.Spec.Affinity;
        if (!NeedsSameNode(ad.Spec))
        {
            return user;
        }

        // A ReadWriteOnce volume mounts on one node only: every replica must be scheduled there.
        // Required affinity to the pods' own labels is satisfied by the first pod wherever it lands.
        var sameNode = new V1PodAffinityTerm
        {
            LabelSelector = new V1LabelSelector { MatchLabels = Naming.SelectorLabels(ad) },
            TopologyKey = HostnameTopology,
        };
        var affinity = new V1Affinity
        {
            NodeAffinity = user?.NodeAffinity,
            PodAntiAffinity = user?.PodAntiAffinity,
            PodAffinity = new V1PodAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution = user?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution,
                RequiredDuringSchedulingIgnoredDuringExecution =
                    [.. user?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [], sameNode],
            },
        };
        return affinity;
    }

    private static bool NeedsSameNode(AssistantDeploymentSpec spec) =>
        spec.MaxPods() > 1
        && (spec.Storage.Sessions.AccessMode == VolumeAccessMode.ReadWriteOnce
            || spec.Storage.Models.AccessMode == VolumeAccessMode.ReadWriteOnce);
}
