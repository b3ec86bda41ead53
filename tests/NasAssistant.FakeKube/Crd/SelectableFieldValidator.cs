using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Crd;

/// <summary>Selectable fields as <c>ValidateCustomResourceSelectableFields</c> checks them: valid, unique, scalar, outside metadata, at most eight.</summary>
internal static class SelectableFieldValidator
{
    private const int MaxSelectableFields = 8;

    public static IEnumerable<FieldError> Validate(JsonArray fields, JsonObject schema, string path)
    {
        var unique = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var jsonPathField = SchemaNode.Child(SchemaNode.Index(path, i), "jsonPath");
            var jsonPath = fields[i]?["jsonPath"]?.GetValue<string>() ?? string.Empty;
            if (jsonPath.Length == 0)
            {
                yield return FieldError.Required(jsonPathField);
                continue;
            }

            var (normalized, found, error) = SchemaFieldPath.Resolve(jsonPath, schema, allowArrayNotation: false);
            if (error is not null)
            {
                yield return FieldError.Invalid(jsonPathField, GoSyntax.Quote(jsonPath), $"is an invalid path: {error}");
                continue;
            }

            if (normalized!.Split('.', '[')[0] == "metadata")
            {
                yield return FieldError.Invalid(jsonPathField, GoSyntax.Quote(jsonPath), "must not point to fields in metadata");
            }

            if (found is null || SchemaNode.Type(found) is not ("string" or "boolean" or "integer"))
            {
                yield return FieldError.Invalid(jsonPathField, GoSyntax.Quote(jsonPath), "must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.");
            }

            if (!unique.Add(normalized))
            {
                yield return FieldError.Duplicate(jsonPathField, GoSyntax.Quote(jsonPath));
            }
        }

        if (unique.Count > MaxSelectableFields)
        {
            yield return FieldError.TooMany(path, unique.Count, MaxSelectableFields);
        }
    }
}
