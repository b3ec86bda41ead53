using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// Validates one <c>schema</c> (<c>{openAPIV3Schema: ...}</c>) of a CRD as
/// <c>validateCustomResourceDefinitionValidation</c> does: the root restrictions of the status
/// subresource, then structural checks, then defaults, and only when both pass, rule compilation
/// and cost; the per-node OpenAPI checks always run; finally the total cost of all rules.
/// </summary>
internal static class CrdSchemaValidator
{
    // allowedFieldsAtRootSchema, with the JSON names of JSONSchemaProps in Go field order for the ones that are not.
    private static readonly string[] AllowedAtRoot =
    [
        "Description", "Type", "Format", "Title", "Maximum", "ExclusiveMaximum", "Minimum", "ExclusiveMinimum", "MaxLength", "MinLength", "Pattern",
        "MaxItems", "MinItems", "UniqueItems", "MultipleOf", "Required", "Items", "Properties", "ExternalDocs", "Example", "XPreserveUnknownFields", "XValidations",
    ];

    private static readonly (string Json, string Go, FieldKind Kind)[] RootFields =
    [
        ("id", "ID", FieldKind.Text), ("$schema", "Schema", FieldKind.Text), ("$ref", "Ref", FieldKind.Pointer), ("description", "Description", FieldKind.Text),
        ("type", "Type", FieldKind.Text), ("format", "Format", FieldKind.Text), ("title", "Title", FieldKind.Text), ("default", "Default", FieldKind.Pointer),
        ("maximum", "Maximum", FieldKind.Pointer), ("exclusiveMaximum", "ExclusiveMaximum", FieldKind.Flag), ("minimum", "Minimum", FieldKind.Pointer),
        ("exclusiveMinimum", "ExclusiveMinimum", FieldKind.Flag), ("maxLength", "MaxLength", FieldKind.Pointer), ("minLength", "MinLength", FieldKind.Pointer),
        ("pattern", "Pattern", FieldKind.Text), ("maxItems", "MaxItems", FieldKind.Pointer), ("minItems", "MinItems", FieldKind.Pointer),
        ("uniqueItems", "UniqueItems", FieldKind.Flag), ("multipleOf", "MultipleOf", FieldKind.Pointer), ("enum", "Enum", FieldKind.Pointer),
        ("maxProperties", "MaxProperties", FieldKind.Pointer), ("minProperties", "MinProperties", FieldKind.Pointer), ("required", "Required", FieldKind.Pointer),
        ("items", "Items", FieldKind.Pointer), ("allOf", "AllOf", FieldKind.Pointer), ("oneOf", "OneOf", FieldKind.Pointer), ("anyOf", "AnyOf", FieldKind.Pointer),
        ("not", "Not", FieldKind.Pointer), ("properties", "Properties", FieldKind.Pointer), ("additionalProperties", "AdditionalProperties", FieldKind.Pointer),
        ("patternProperties", "PatternProperties", FieldKind.Pointer), ("dependencies", "Dependencies", FieldKind.Pointer), ("additionalItems", "AdditionalItems", FieldKind.Pointer),
        ("definitions", "Definitions", FieldKind.Pointer), ("externalDocs", "ExternalDocs", FieldKind.Pointer), ("example", "Example", FieldKind.Pointer),
        ("nullable", "Nullable", FieldKind.Flag), ("x-kubernetes-preserve-unknown-fields", "XPreserveUnknownFields", FieldKind.Pointer),
        ("x-kubernetes-embedded-resource", "XEmbeddedResource", FieldKind.Flag), ("x-kubernetes-int-or-string", "XIntOrString", FieldKind.Flag),
        ("x-kubernetes-list-map-keys", "XListMapKeys", FieldKind.Pointer), ("x-kubernetes-list-type", "XListType", FieldKind.Pointer),
        ("x-kubernetes-map-type", "XMapType", FieldKind.Pointer), ("x-kubernetes-validations", "XValidations", FieldKind.Pointer),
    ];

    private enum FieldKind
    {
        Text,
        Flag,
        Pointer,
    }

    public static List<FieldError> Validate(JsonObject? validation, bool statusEnabled, bool requireStructural, bool suppressPerExpressionCost, string path, CelRuleEvaluator cel)
    {
        var errors = new List<FieldError>();
        if (validation?["openAPIV3Schema"] is not JsonObject schema)
        {
            return errors;
        }

        var schemaPath = SchemaNode.Child(path, "openAPIV3Schema");
        if (statusEnabled && StatusRootRestriction(schema, path) is { } restriction)
        {
            errors.Add(restriction);
        }

        if (SchemaNode.Flag(schema, "nullable"))
        {
            errors.Add(FieldError.Forbidden(SchemaNode.Child(path, "openAPIV3Schema.nullable"), "nullable cannot be true at the root"));
        }

        CelSchemaContext? celContext = null;
        var conversionErrors = new List<FieldError>();
        if (requireStructural)
        {
            if (StructuralSchemaValidator.ConversionError(schema) is { } conversion)
            {
                // Overlaps the per-node errors below, so it only shows when there are none.
                conversionErrors.Add(FieldError.Invalid(schemaPath, "\"\"", conversion));
            }
            else if (StructuralSchemaValidator.Validate(schema, schemaPath) is { Count: > 0 } structural)
            {
                errors.AddRange(structural);
            }
            else if (DefaultsValidator.Validate(schema, schemaPath, cel) is { Count: > 0 } defaults)
            {
                errors.AddRange(defaults);
            }
            else
            {
                celContext = CelSchemaContext.Root(schema);
            }
        }

        errors.AddRange(OpenApiSchemaValidator.Validate(schema, schemaPath, celContext, suppressPerExpressionCost));
        if (errors.Count == 0)
        {
            errors.AddRange(conversionErrors);
        }

        if (celContext is not null && celContext.TotalCost.Total > CelCostLimits.StaticEstimatedCrdCostLimit)
        {
            foreach (var (rulePath, _) in celContext.TotalCost.MostExpensive)
            {
                errors.Add(FieldError.Forbidden(rulePath, "contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema"));
            }

            errors.Add(FieldError.Forbidden(schemaPath, CelCostLimits.ExceededMessage(
                "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema", celContext.TotalCost.Total, CelCostLimits.StaticEstimatedCrdCostLimit)));
        }

        return errors;
    }

    // With a status subresource, status is validated as properties[status]: the root may only hold what survives that split.
    private static FieldError? StatusRootRestriction(JsonObject schema, string path)
    {
        foreach (var (json, go, kind) in RootFields)
        {
            var value = schema[json];
            var isSet = kind switch
            {
                FieldKind.Text => value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>().Length > 0,
                FieldKind.Flag => value is JsonValue flag && flag.GetValueKind() == JsonValueKind.True,
                _ => value is not null,
            };
            if (!isSet)
            {
                continue;
            }

            if (go == "Type")
            {
                if (SchemaNode.Type(schema) != "object")
                {
                    return FieldError.Invalid(SchemaNode.Child(path, "openAPIV3Schema.type"), GoSyntax.Quote(SchemaNode.Type(schema) ?? string.Empty), "only \"object\" is allowed as the type at the root of the schema if the status subresource is enabled");
                }

                continue;
            }

            if (!AllowedAtRoot.Contains(go, StringComparer.Ordinal))
            {
                return FieldError.Invalid(
                    SchemaNode.Child(path, "openAPIV3Schema"), "apiextensions.JSONSchemaProps{...}", $"only [{string.Join(' ', AllowedAtRoot)}] fields are allowed at the root of the schema if the status subresource is enabled");
            }
        }

        return null;
    }
}
