using k8s.Models;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>Strategies, pod spec changes and autoscalers for the Deployments the simulated controllers run.</summary>
internal static class Workloads
{
    public static V1DeploymentStrategy Recreate() => new() { Type = "Recreate" };

    public static V1DeploymentStrategy RollingUpdate(int maxSurge, int maxUnavailable) => new()
    {
        Type = "RollingUpdate",
        RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = maxUnavailable },
    };

    /// <summary>An autoscaling/v2 HPA for the Deployment <paramref name="name"/>.</summary>
    public static V2HorizontalPodAutoscaler Autoscaler(string name, int minReplicas, int maxReplicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            MinReplicas = minReplicas,
            MaxReplicas = maxReplicas,
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = name },
        },
    };

    /// <summary>Mounts <paramref name="claim"/> as volume "data".</summary>
    public static Action<V1PodSpec> Mounting(string claim) => spec =>
    {
        spec.Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }];
        spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }];
    };

    /// <summary>Required anti-affinity to the other pods of <paramref name="app"/> on the same node.</summary>
    public static Action<V1PodSpec> OneNodeEach(string app) => spec => spec.Affinity = new V1Affinity
    {
        PodAntiAffinity = new V1PodAntiAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new V1PodAffinityTerm
                {
                    LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
                    TopologyKey = "kubernetes.io/hostname",
                },
            ],
        },
    };

    public static Action<V1PodSpec> And(this Action<V1PodSpec> first, Action<V1PodSpec> second) => spec =>
    {
        first(spec);
        second(spec);
    };
}
