using k8s.Models;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>Objects a real API server accepts, for tests about something other than validation.</summary>
internal static class ValidObjects
{
    public static V1Deployment Deployment(string name, int replicas = 1, IList<string>? finalizers = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Finalizers = finalizers },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "runtime:1" }] },
            },
        },
    };

    public static V1PersistentVolumeClaim PersistentVolumeClaim(string name, string size = "1Gi", string? storageClass = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = storageClass,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };
}
