using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// A CRD version's <c>openAPIV3Schema</c>, accepted by CRD validation, ready to prune, default and
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

    /// <summary>Wraps a schema that CRD validation accepted.</summary>
    public static CompiledSchema Compile(JsonObject schema, CelRuleEvaluator cel) => new((JsonObject)schema.DeepClone(), cel);

    /// <summary>Removes undeclared fields, returning their paths.</summary>
    public List<string> Prune(JsonObject obj)
    {
        var unknown = new List<string>();
        SchemaPruner.PruneRoot(obj, Root, unknown);
        return unknown;
    }

    public void Default(JsonObject obj) => SchemaDefaulter.Apply(obj, Root);

    public List<FieldError> Validate(JsonObject obj, JsonObject? old) => SchemaValidator.Validate(obj, old, Root, _cel);
}
