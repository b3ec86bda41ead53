using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>Keeps all but one inference pod up during voluntary disruptions, when there is more than one.</summary>
internal static class PodDisruptionBudgetBuilder
{
    public static V1PodDisruptionBudget? Build(AssistantDeployment ad)
    {
        // With a single pod a budget would block node drains forever; it protects nothing.
        if (ad.Spec.MinPods() <= 1)
        {
            return null;
        }

        return new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = ChildMetadata.For(ad, Naming.Child(ad)),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MaxUnavailable = 1,
                Selector = new V1LabelSelector { MatchLabels = Naming.SelectorLabels(ad) },
            },
        };
    }
}
