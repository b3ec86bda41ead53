using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// The per-node OpenAPI v3 restrictions of CRD schemas (<c>specStandardValidatorV3</c>,
/// <c>apiextensions/validation/validation.go</c>) and the context they depend on: whether defaults are
/// allowed here, whether the node is inside resource metadata, and the ancestor below which
/// <c>oldSelf</c> cannot be correlated.
/// </summary>
internal sealed record SpecStandardValidator(bool AllowDefaults, string DisallowDefaultsReason, bool InsideResourceMeta, string? UncorrelatablePath)
{
    private static readonly string[] OpenApiTypes = ["array", "boolean", "integer", "number", "object", "string"];

    public static SpecStandardValidator Default { get; } = new(true, string.Empty, false, null);

    public SpecStandardValidator WithForbiddenDefaults(string reason) => this with { AllowDefaults = false, DisallowDefaultsReason = reason };

    public SpecStandardValidator WithInsideResourceMeta() => this with { InsideResourceMeta = true };

    /// <summary>Keeps the highest uncorrelatable ancestor.</summary>
    public SpecStandardValidator WithForbidOldSelfValidations(string path) => UncorrelatablePath is null ? this with { UncorrelatablePath = path } : this;

    public IEnumerable<FieldError> Validate(JsonObject schema, string path)
    {
        var type = SchemaNode.Type(schema) ?? string.Empty;
        if (type.Length > 0 && !OpenApiTypes.Contains(type, StringComparer.Ordinal))
        {
            yield return FieldError.NotSupported(SchemaNode.Child(path, "type"), GoSyntax.Quote(type), OpenApiTypes.Select(GoSyntax.Quote));
        }

        if (schema["default"] is not null && !AllowDefaults)
        {
            yield return FieldError.Forbidden(SchemaNode.Child(path, "default"), "must not be set" + (DisallowDefaultsReason.Length > 0 ? " " + DisallowDefaultsReason : string.Empty));
        }

        if (schema["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String && id.GetValue<string>().Length > 0)
        {
            yield return FieldError.Forbidden(SchemaNode.Child(path, "id"), "id is not supported");
        }

        if (schema["additionalItems"] is not null)
        {
            yield return FieldError.Forbidden(SchemaNode.Child(path, "additionalItems"), "additionalItems is not supported");
        }

        foreach (var (keyword, message) in new[] { ("patternProperties", "patternProperties is not supported"), ("definitions", "definitions is not supported") })
        {
            if (schema[keyword] is JsonObject { Count: > 0 })
            {
                yield return FieldError.Forbidden(SchemaNode.Child(path, keyword), message);
            }
        }

        if (schema["dependencies"] is not null)
        {
            yield return FieldError.Forbidden(SchemaNode.Child(path, "dependencies"), "dependencies is not supported");
        }

        if (schema["$ref"] is not null)
        {
            yield return FieldError.Forbidden(SchemaNode.Child(path, "$ref"), "$ref is not supported");
        }

        if (type == "null")
        {
            yield return FieldError.Forbidden(SchemaNode.Child(path, "type"), "type cannot be set to null, use nullable as an alternative");
        }

        if (schema["items"] is JsonArray { Count: > 0 })
        {
            yield return FieldError.Forbidden(SchemaNode.Child(path, "items"), "items must be a schema object and not an array");
        }

        if (InsideResourceMeta && SchemaNode.Flag(schema, "x-kubernetes-embedded-resource"))
        {
            yield return FieldError.Forbidden(SchemaNode.Child(path, "x-kubernetes-embedded-resource"), "must not be used inside of resource meta");
        }
    }
}
