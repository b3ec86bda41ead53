using k8s.Models;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Tests.Rendering;

namespace NasAssistant.Operator.Tests.Resources;

/// <summary>Every pod the operator renders meets Pod Security "restricted", checked rule by rule.</summary>
public sealed class PodSecurityTests
{
    public static TheoryData<string> Cases() => GoldenRenderTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void RenderedPods_MeetRestrictedPodSecurity(string input)
    {
        var yaml = File.ReadAllText(GoldenRenderTests.InputPath(input));
        foreach (var document in NasAssistant.Operator.Rendering.YamlDocuments.Parse(yaml))
        {
            var resource = NasAssistant.Operator.Validation.AssistantDeploymentValidator.Validate(document).Resource!;
            var pod = DeploymentBuilder.Build(resource, new OperatorSettings()).Spec.Template.Spec;
            AssertRestricted(pod);
        }
    }

    internal static void AssertRestricted(V1PodSpec pod)
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
            Assert.Null(security.Privileged);
            Assert.Equal(["ALL"], security.Capabilities.Drop);
            Assert.Null(security.Capabilities.Add);
            Assert.Equal("RuntimeDefault", security.SeccompProfile?.Type ?? pod.SecurityContext.SeccompProfile.Type);
            Assert.All(container.Ports ?? [], port => Assert.Null(port.HostPort));
        }
    }
}
