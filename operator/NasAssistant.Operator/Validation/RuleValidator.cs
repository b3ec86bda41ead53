using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.Operator.Api.Rules;
using NasAssistant.Operator.Crd;

namespace NasAssistant.Operator.Validation;

/// <summary>
/// Runs the C# twin of every CEL rule the CRD places on a node, walking a defaulted resource with the
/// CRD's schema: each rule runs where the API server runs it, on every item of every list beneath it,
/// and reports the same message at the same path.
/// </summary>
internal static class RuleValidator
{
    public static void Validate(JsonNode? node, Type type, V1JSONSchemaProps schema, string path, List<ValidationError> errors)
    {
        if (node is null)
        {
            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        foreach (var validation in schema.XKubernetesValidations ?? [])
        {
            var rule = CrossFieldRules.All.Single(r => r.Target == type && r.Expression == validation.Rule
                && r.Message == validation.Message && r.FieldPath == validation.FieldPath);
            if (!rule.Holds(node))
            {
                errors.Add(Failure(rule, path, schema.Type ?? "object"));
            }
        }

        switch (node)
        {
            case JsonObject obj when schema.Properties is not null:
                foreach (var property in SchemaGenerator.WireProperties(type))
                {
                    var name = SchemaGenerator.JsonName(property);
                    if (schema.Properties.TryGetValue(name, out var child))
                    {
                        Validate(obj[name], property.PropertyType, child, $"{path}.{name}", errors);
                    }
                }

                break;
            case JsonObject obj when schema.AdditionalProperties is V1JSONSchemaProps values:
                foreach (var (key, value) in obj)
                {
                    Validate(value, type.GetGenericArguments()[1], values, $"{path}[{key}]", errors);
                }

                break;
            case JsonArray array when schema.Items is V1JSONSchemaProps items:
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], type.GetGenericArguments()[0], items, $"{path}[{i}]", errors);
                }

                break;
        }
    }

    // The API server's field errors for a failed rule, by the rule's reason.
    private static ValidationError Failure(CrossFieldRule rule, string path, string type) => new(
        path + rule.FieldPath,
        rule.Reason switch
        {
            CrossFieldRule.RequiredReason => $"Required value: {rule.Message}",
            CrossFieldRule.ForbiddenReason => $"Forbidden: {rule.Message}",
            _ => $"Invalid value: \"{type}\": {rule.Message}",
        });
}
