using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// A CRD version's <c>openAPIV3Schema</c> with its CEL rules checked, ready to prune, default and
/// validate custom resources.
/// </summary>
internal sealed class CompiledSchema
{
    private readonly CelRuleEvaluator _cel;

    private CompiledSchema(JsonObject root, CelRuleEvaluator cel)
    {
        Root = root;
        _cel = cel;
    }

    public JsonObject Root { get; }

    /// <summary>Compiles every rule in the schema; rules that do not parse are reported as CRD errors.</summary>
    public static CompiledSchema Compile(JsonObject schema, string schemaPath, CelRuleEvaluator cel, List<FieldError> errors)
    {
        CheckRules(schema, schemaPath, cel, errors);
        return new CompiledSchema((JsonObject)schema.DeepClone(), cel);
    }

    /// <summary>Removes undeclared fields, returning their paths.</summary>
    public List<string> Prune(JsonObject obj)
    {
        var unknown = new List<string>();
        SchemaPruner.PruneRoot(obj, Root, unknown);
        return unknown;
    }

    public void Default(JsonObject obj) => SchemaDefaulter.Apply(obj, Root);

    public List<FieldError> Validate(JsonObject obj, JsonObject? old) => SchemaValidator.Validate(obj, old, Root, _cel);

    private static void CheckRules(JsonObject schema, string path, CelRuleEvaluator cel, List<FieldError> errors)
    {
        var rules = CelRule.Read(schema);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Rule.Length == 0)
            {
                errors.Add(FieldError.Required($"{path}.x-kubernetes-validations[{i}].rule"));
            }
            else if (cel.TryCompile(rules[i].Rule) is { } problem)
            {
                errors.Add(FieldError.Invalid($"{path}.x-kubernetes-validations[{i}].rule", FieldError.Render(JsonValue.Create(rules[i].Rule)), $"compilation failed: {problem}"));
            }
        }

        if (SchemaNode.Properties(schema) is { } properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childSchema)
                {
                    CheckRules(childSchema, $"{path}.properties[{name}]", cel, errors);
                }
            }
        }

        if (SchemaNode.Items(schema) is { } items)
        {
            CheckRules(items, $"{path}.items", cel, errors);
        }

        if (SchemaNode.AdditionalProperties(schema) is { } additional)
        {
            CheckRules(additional, $"{path}.additionalProperties", cel, errors);
        }
    }
}
