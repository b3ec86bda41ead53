using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Crd;

/// <summary>The scale subresource's paths, as <c>ValidateCustomResourceDefinitionSubresources</c> checks them.</summary>
internal static class SubresourceValidator
{
    public static IEnumerable<FieldError> Validate(JsonObject? subresources, string path)
    {
        if (subresources?["scale"] is not JsonObject scale)
        {
            yield break;
        }

        foreach (var (field, under) in new[] { ("specReplicasPath", ".spec"), ("statusReplicasPath", ".status") })
        {
            var fieldPath = SchemaNode.Child(path, "scale." + field);
            var value = scale[field]?.GetValue<string>() ?? string.Empty;
            if (value.Length == 0)
            {
                yield return FieldError.Required(fieldPath);
            }
            else if (PrinterColumnValidator.SimpleJsonPath(value, fieldPath) is { } problem)
            {
                yield return problem;
            }
            else if (!value.StartsWith(under + ".", StringComparison.Ordinal))
            {
                yield return FieldError.Invalid(fieldPath, GoSyntax.Quote(value), $"should be a json path under {under}");
            }
        }

        if (scale["labelSelectorPath"]?.GetValue<string>() is { Length: > 0 } selector)
        {
            var selectorPath = SchemaNode.Child(path, "scale.labelSelectorPath");
            if (PrinterColumnValidator.SimpleJsonPath(selector, selectorPath) is { } problem)
            {
                yield return problem;
            }
            else if (!selector.StartsWith(".spec.", StringComparison.Ordinal) && !selector.StartsWith(".status.", StringComparison.Ordinal))
            {
                yield return FieldError.Invalid(selectorPath, GoSyntax.Quote(selector), "should be a json path under either .spec or .status");
            }
        }
    }
}
