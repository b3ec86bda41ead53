using k8s.Models;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>
/// Objects a real API server accepts, for tests about something other than validation: a Deployment
/// whose pods the simulated controllers can run, and a claim for them to mount.
/// </summary>
internal static class ValidObjects
{
    /// <summary>A Deployment of one container; <paramref name="pod"/> changes its pod spec.</summary>
    public static V1Deployment Deployment(string name, int replicas = 1, Action<V1PodSpec>? pod = null, V1DeploymentStrategy? strategy = null,
        int? progressDeadlineSeconds = null, IList<string>? finalizers = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Finalizers = finalizers },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            ProgressDeadlineSeconds = progressDeadlineSeconds,
            Strategy = strategy,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name, ["tier"] = "web" } },
                Spec = PodSpec(pod),
            },
        },
    };

    public static V1PersistentVolumeClaim PersistentVolumeClaim(string name, string accessMode = "ReadWriteOnce", string? storageClass = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = [accessMode],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
        },
    };

    private static V1PodSpec PodSpec(Action<V1PodSpec>? change)
    {
        var spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "registry.example/app:1" }] };
        change?.Invoke(spec);
        return spec;
    }
}
