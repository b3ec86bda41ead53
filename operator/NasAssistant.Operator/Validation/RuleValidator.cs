using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.Operator.Api.Rules;

namespace NasAssistant.Operator.Validation;

/// <summary>
/// Runs the C# twin of every CEL rule the CRD places on a node, walking a defaulted resource with the
/// CRD's schema: each rule runs where the API server runs it, on every item of every list beneath it,
/// and reports the same message at the same path.
/// </summary>
internal static class RuleValidator
{
    // A rule's twin is found by what the CRD says of it, so the walk needs the schema alone, no reflection over types. Rules
    // of different types can share a text (In/NotIn needs values, on node and label selector requirements alike); the API
    // server evaluates the text on the JSON, so any twin of it gives the verdict.
    private static readonly Dictionary<(string Expression, string Message, string? FieldPath), CrossFieldRule> Twins =
        CrossFieldRules.All.GroupBy(rule => (rule.Expression, rule.Message, rule.FieldPath)).ToDictionary(group => group.Key, group => group.First());

    public static void Validate(JsonNode? node, V1JSONSchemaProps schema, string path, List<ValidationError> errors)
    {
        if (node is null)
        {
            return;
        }

        foreach (var validation in schema.XKubernetesValidations ?? [])
        {
            var rule = Twins[(validation.Rule, validation.Message, validation.FieldPath)];
            if (!rule.Holds(node))
            {
                errors.Add(Failure(rule, path, schema.Type ?? "object"));
            }
        }

        switch (node)
        {
            case JsonObject obj when schema.Properties is not null:
                foreach (var (name, child) in schema.Properties)
                {
                    Validate(obj[name], child, $"{path}.{name}", errors);
                }

                break;
            case JsonObject obj when schema.AdditionalProperties is V1JSONSchemaProps values:
                foreach (var (key, value) in obj)
                {
                    Validate(value, values, $"{path}[{key}]", errors);
                }

                break;
            case JsonArray array when schema.Items is V1JSONSchemaProps items:
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], items, $"{path}[{i}]", errors);
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
