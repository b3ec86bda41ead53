using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>The autoscaling/v2 HPA scaling the Deployment on CPU utilization.</summary>
internal static class HorizontalPodAutoscalerBuilder
{
    public static V2HorizontalPodAutoscaler? Build(AssistantDeployment ad)
    {
        var autoscaling = ad.Spec.Autoscaling;
        if (!autoscaling.Enabled)
        {
            return null;
        }

        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = ChildMetadata.For(ad, Naming.Child(ad)),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = Naming.Deployment(ad) },
                MinReplicas = autoscaling.MinReplicas,
                MaxReplicas = autoscaling.MaxReplicas,
                Metrics =
                [
                    new V2MetricSpec
                    {
                        Type = "Resource",
                        Resource = new V2ResourceMetricSource
                        {
                            Name = "cpu",
                            Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = autoscaling.TargetCPUUtilizationPercentage },
                        },
                    },
                ],
                Behavior = new V2HorizontalPodAutoscalerBehavior
                {
                    ScaleDown = new V2HPAScalingRules { StabilizationWindowSeconds = autoscaling.ScaleDownStabilizationSeconds },
                },
            },
        };
    }
}
