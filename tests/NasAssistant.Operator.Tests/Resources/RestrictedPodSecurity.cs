using k8s.Models;

namespace NasAssistant.Operator.Tests.Resources;

/// <summary>
/// The Pod Security Standard "restricted", field by field; shared by the operator's rendered pods
/// and the Helm chart's pods (the chart tests compile this file too).
/// </summary>
internal static class RestrictedPodSecurity
{
    public static void AssertRestricted(V1PodSpec pod)
    {
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.Null(pod.HostNetwork);
        Assert.Null(pod.HostPID);
        Assert.Null(pod.HostIPC);
        Assert.All(pod.Volumes, volume => Assert.Null(volume.HostPath));
        foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
        {
            var security = container.SecurityContext;
            Assert.False(security.AllowPrivilegeEscalation);
            Assert.True(security.ReadOnlyRootFilesystem);
            Assert.True(security.RunAsNonRoot ?? pod.SecurityContext.RunAsNonRoot);
            Assert.NotEqual(0, security.RunAsUser ?? pod.SecurityContext.RunAsUser);
            Assert.Null(security.Privileged);
            Assert.Equal(["ALL"], security.Capabilities.Drop);
            Assert.Null(security.Capabilities.Add);
            Assert.Equal("RuntimeDefault", security.SeccompProfile?.Type ?? pod.SecurityContext.SeccompProfile.Type);
            Assert.All(container.Ports ?? [], port => Assert.Null(port.HostPort));
        }
    }
}
