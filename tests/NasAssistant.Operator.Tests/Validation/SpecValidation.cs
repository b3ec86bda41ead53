using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Operator.Tests.Validation;

/// <summary>Validates an AssistantDeployment with a given spec, as the operator does before writing any child.</summary>
internal static class SpecValidation
{
    /// <summary>The document for a resource named family with the given spec YAML (indented by two).</summary>
    public static string Document(string specYaml) =>
        "apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata:\n  name: family\n  namespace: home\nspec:\n"
        + string.Join("\n", specYaml.Split('\n').Select(line => line.Length == 0 ? line : "  " + line));

    public static IReadOnlyList<ValidationError> Errors(string specYaml) =>
        AssistantDeploymentValidator.Validate(YamlDocuments.Parse(Document(specYaml)).Single()).Errors;

    /// <summary>Asserts that the spec is valid.</summary>
    public static void Accepts(string specYaml)
    {
        var errors = Errors(specYaml);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Asserts that the spec is refused with <paramref name="message"/> (a part of it) at <paramref name="field"/>.</summary>
    public static void Refuses(string name, string specYaml, string field, string message)
    {
        var errors = Errors(specYaml);
        Assert.True(
            errors.Any(e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal)),
            $"{name}: expected {field}: ...{message}...; got:\n" + string.Join("\n", errors));
    }
}
