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
            RestrictedPodSecurity.AssertRestricted(pod);
        }
    }
}
