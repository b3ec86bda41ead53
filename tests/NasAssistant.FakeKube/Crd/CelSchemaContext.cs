using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.Cel;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// What rule compilation needs to know about a schema node (<c>CELSchemaContext</c>,
/// <c>apiextensions/validation/cel_validation.go</c>): its CEL declaration, how many times it can
/// occur in one object (the product of its ancestors' <c>maxItems</c>/<c>maxProperties</c>, unbounded
/// when one of them has none), and the running total cost of the schema's rules.
/// </summary>
internal sealed class CelSchemaContext
{
    private readonly JsonObject _schema;
    private readonly bool _isRoot;

    private CelSchemaContext(JsonObject schema, bool isRoot, ulong? maxCardinality, CelTotalCost totalCost)
    {
        _schema = schema;
        _isRoot = isRoot;
        MaxCardinality = maxCardinality;
        TotalCost = totalCost;
    }

    /// <summary>Null when the node may occur an unbounded number of times.</summary>
    public ulong? MaxCardinality { get; }

    public CelTotalCost TotalCost { get; }

    public static CelSchemaContext Root(JsonObject schema) => new(schema, isRoot: true, 1, new CelTotalCost());

    public CelSchemaContext Child(JsonObject child)
    {
        var cardinality = MaxCardinality is { } bound && MaxElements(_schema) is { } factor ? MultiplySaturating(bound, factor) : (ulong?)null;
        return new CelSchemaContext(child, isRoot: false, cardinality, TotalCost);
    }

    /// <summary>The node's CEL declaration under a fresh <c>selfType</c> name, or null when CEL cannot see it.</summary>
    public CelDeclType? DeclType() =>
        CelDeclType.FromSchema(_schema, _isRoot || SchemaNode.Flag(_schema, "x-kubernetes-embedded-resource"), CelTypeNames.SelfType());

    /// <summary>A rule's cost times the times it may run (<c>getExpressionCost</c>).</summary>
    public ulong ExpressionCost(ulong ruleCost, CelDeclType declaration)
    {
        // maxCardinality (compilation.go): how many values of the node's smallest size fit in one request.
        var cardinality = MaxCardinality ?? (ulong)(CelDeclType.MaxRequestSizeBytes / (declaration.MinSerializedSize + 1));
        return ruleCost == 0 ? 0 : MultiplySaturating(ruleCost, cardinality);
    }

    // extractMaxElements: maps and arrays multiply by their bound; objects and scalars occur once per parent.
    private static ulong? MaxElements(JsonObject schema) => SchemaNode.Type(schema) switch
    {
        "object" when schema["additionalProperties"] is not null => schema["maxProperties"] is { } max ? (ulong)Math.Max(0, SchemaNode.Long(max)) : null,
        "array" => schema["maxItems"] is { } max ? (ulong)Math.Max(0, SchemaNode.Long(max)) : null,
        _ => 1,
    };

    private static ulong MultiplySaturating(ulong x, ulong y) => x > 0 && y > 0 && x > ulong.MaxValue / y ? ulong.MaxValue : x * y;
}
