using NasAssistant.Operator.Api;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Operator.Tests;

/// <summary>Builds valid, defaulted AssistantDeployments from YAML the way render does.</summary>
internal static class TestResources
{
    public const string Header = """
        apiVersion: nasassistant.io/v1alpha1
        kind: AssistantDeployment
        metadata:
          name: family
          namespace: home
          uid: 0d5b8a52-7a0e-4f53-9a7e-2f1c3f9d8e10

        """;

    public static AssistantDeployment Parse(string yaml)
    {
        var documents = NasAssistant.Operator.Rendering.YamlDocuments.Parse(yaml);
        var result = AssistantDeploymentValidator.Validate(Assert.Single(documents));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Resource!;
    }

    /// <summary>A resource named family in namespace home with the given spec YAML (indented by two).</summary>
    public static AssistantDeployment WithSpec(string specYaml) => Parse(Header + "spec:\n" + Indent(specYaml));

    private static string Indent(string text) =>
        string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : "  " + line));
}
