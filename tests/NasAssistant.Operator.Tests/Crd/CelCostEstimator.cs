using Antlr4.Runtime;
using Cel.Internal;
using k8s.Models;

namespace NasAssistant.Operator.Tests.Crd;

/// <summary>
/// The worst-case cost kube-apiserver estimates for a CEL rule when it registers a CRD: a port of cel-go's
/// checker/cost.go for the subset of CEL the rules use, with the sizes apiextensions derives from the schema
/// (SchemaDeclType in apiserver/pkg/cel/common/schemas.go: a string of maxLength n may hold 4n bytes, an
/// enum string its longest value, a list maxItems items; without a bound, as much as a request holds).
/// Anything outside the subset throws, so that a new construct gets a deliberate port.
/// </summary>
internal sealed class CelCostEstimator
{
    /// <summary>DefaultMaxRequestSizeBytes (apiserver/pkg/cel/limits.go).</summary>
    private const ulong MaxRequestSizeBytes = 3 * 1024 * 1024;

    private const double StringTraversalCostFactor = 0.1;
    private const double RegexStringLengthCostFactor = 0.25;
    private const ulong ListCreateBaseCost = 10;

    private readonly Dictionary<string, V1JSONSchemaProps> _variables = new(StringComparer.Ordinal);

    private CelCostEstimator(V1JSONSchemaProps self) => _variables["self"] = self;

    /// <summary>The estimated maximum cost of one evaluation of <paramref name="expression"/> on a node of <paramref name="schema"/>.</summary>
    public static ulong MaxCost(string expression, V1JSONSchemaProps schema)
    {
        var parser = new CelParser(new CommonTokenStream(new CelLexer(new AntlrInputStream(expression))));
        return new CelCostEstimator(schema).Expr(parser.start().expr()).Cost;
    }

    private Value Expr(CelParser.ExprContext e)
    {
        var condition = Or(e.e);
        if (e.op is null)
        {
            return condition;
        }

        var (ifTrue, ifFalse) = (Or(e.e1), Expr(e.e2));
        return new(condition.Cost + Math.Max(ifTrue.Cost, ifFalse.Cost), Math.Max(ifTrue.Size, ifFalse.Size), null);
    }

    // LogicalOr and LogicalAnd cost their operands, nothing more.
    private Value Or(CelParser.ConditionalOrContext e) =>
        e.conditionalAnd().Select(And).Aggregate((a, b) => new(a.Cost + b.Cost, 1, null));

    private Value And(CelParser.ConditionalAndContext e) =>
        e.relation().Select(Relation).Aggregate((a, b) => new(a.Cost + b.Cost, 1, null));

    private Value Relation(CelParser.RelationContext e)
    {
        if (e.op is null)
        {
            return Calc(e.calc());
        }

        var (left, right) = (Relation(e.relation(0)), Relation(e.relation(1)));
        var arguments = left.Cost + right.Cost;
        return e.op.Text switch
        {
            // Equality and ordering traverse the shorter operand (1 for scalars).
            "==" or "!=" or "<" or "<=" or ">" or ">=" => new(Factor(Math.Min(left.Size, right.Size), StringTraversalCostFactor) + arguments, 1, null),
            // Containment in a list is linear in its size; in a map, constant.
            "in" => new((right.Schema?.AdditionalProperties is null ? right.Size : 1) + arguments, 1, null),
            _ => throw Unsupported(e),
        };
    }

    private Value Calc(CelParser.CalcContext e)
    {
        if (e.unary() is { } unary)
        {
            return Unary(unary);
        }

        var (left, right) = (Calc(e.calc(0)), Calc(e.calc(1)));
        return e.op.Text is "+" or "-" && left.Schema is null && right.Schema is null
            ? new(1 + left.Cost + right.Cost, 1, null)
            : throw Unsupported(e);
    }

    private Value Unary(CelParser.UnaryContext e) => e switch
    {
        CelParser.MemberExprContext member => Member(member.member()),
        CelParser.LogicalNotContext not => Negation(not),
        _ => throw Unsupported(e),
    };

    // Each '!' is a call of constant cost.
    private Value Negation(CelParser.LogicalNotContext not)
    {
        var operand = Member(not.member());
        return operand with { Cost = (ulong)not._ops.Count + operand.Cost };
    }

    private Value Member(CelParser.MemberContext e) => e switch
    {
        CelParser.PrimaryExprContext primary => Primary(primary.primary()),
        CelParser.SelectContext select => Select(Member(select.member()), select.id.Text, select),
        CelParser.MemberCallContext call => Call(call),
        CelParser.IndexContext index => Index(Member(index.member()), Expr(index.index), index),
        _ => throw Unsupported(e),
    };

    private Value Primary(CelParser.PrimaryContext e)
    {
        switch (e)
        {
            case CelParser.NestedContext nested:
                return Expr(nested.e);
            case CelParser.ConstantLiteralContext literal:
                return literal.literal() is CelParser.StringContext text ? new(0, (ulong)(text.tok.Text.Length - 2), null) : new(0, 1, null);
            case CelParser.CreateListContext list:
                var items = list.elems?._elems.Select(item => Expr(item.e)).ToList() ?? [];
                return new(ListCreateBaseCost + items.Aggregate(0UL, (sum, item) => sum + item.Cost), (ulong)items.Count, null);
            case CelParser.IdentOrGlobalCallContext { op: null } ident when _variables.TryGetValue(ident.id.Text, out var schema):
                return new(1, Size(schema), schema);
            case CelParser.IdentOrGlobalCallContext { id.Text: "has" } has when has.args._e.Single().e.e.e is CelParser.RelationContext relation
                && relation.calc()?.unary() is CelParser.MemberExprContext { } member && member.member() is CelParser.SelectContext field:
                // A presence test costs one, plus its operand (presenceTestCost).
                return new(1 + Member(field.member()).Cost, 1, null);
            case CelParser.IdentOrGlobalCallContext { id.Text: "size" } size:
                return new(1 + Expr(size.args._e.Single()).Cost, 1, null);
            default:
                throw Unsupported(e);
        }
    }

    private static Value Select(Value operand, string field, ParserRuleContext e) =>
        operand.Schema?.Properties is { } properties && properties.TryGetValue(field, out var schema)
            ? new(operand.Cost + 1, Size(schema), schema)
            : throw new NotSupportedException($"no field {field} at '{e.GetText()}'");

    private static Value Index(Value list, Value index, ParserRuleContext e) =>
        list.Schema?.Items is V1JSONSchemaProps items ? new(1 + list.Cost + index.Cost, Size(items), items) : throw Unsupported(e);

    private Value Call(CelParser.MemberCallContext call)
    {
        var target = Member(call.member());
        var name = call.id.Text;
        if (name is "all" or "exists" or "exists_one")
        {
            return Comprehension(name, target, call.args._e[0].GetText(), call.args._e[1], call);
        }

        var arguments = call.args?._e.Select(Expr).ToList() ?? [];
        var cost = target.Cost + arguments.Aggregate(0UL, (sum, argument) => sum + argument.Cost);
        return name switch
        {
            "size" => new(1 + cost, 1, null),
            "matches" => new(Factor(target.Size + 1, StringTraversalCostFactor) * Factor(arguments[0].Size, RegexStringLengthCostFactor) + cost, 1, null),
            "startsWith" or "endsWith" => new(Factor(arguments[0].Size, StringTraversalCostFactor) + cost, 1, null),
            "contains" => new(Factor(target.Size, StringTraversalCostFactor) * Factor(arguments[0].Size, StringTraversalCostFactor) + cost, 1, null),
            _ => throw Unsupported(call),
        };
    }

    // The macros expand to comprehensions (parser/macro.go); each iteration costs the loop condition and
    // the step, around the predicate: all: 2 + (1 + p); exists: 3 + (1 + p); exists_one: 0 + (p + 2).
    private Value Comprehension(string macro, Value range, string variable, CelParser.ExprContext predicate, ParserRuleContext e)
    {
        var element = range.Schema?.Items as V1JSONSchemaProps ?? throw Unsupported(e);
        _variables[variable] = element;
        var body = Expr(predicate).Cost;
        _variables.Remove(variable);
        var (perItem, result) = macro switch
        {
            "all" => (body + 3, 1UL),
            "exists" => (body + 4, 1UL),
            _ => (body + 2, 2UL),
        };
        return new(range.Cost + result + (range.Size * perItem), 1, null);
    }

    private static ulong Size(V1JSONSchemaProps schema) => schema switch
    {
        { XKubernetesIntOrString: true, MaxLength: null } => MaxRequestSizeBytes - 2,
        { Type: "string" or null, MaxLength: { } maxLength } => (ulong)maxLength * 4,
        { Type: "string", EnumProperty.Count: > 0 } => (ulong)schema.EnumProperty.Max(v => v?.ToString()?.Length ?? 0),
        { Type: "string" } => MaxRequestSizeBytes - 2,
        { Type: "array", MaxItems: { } maxItems } => (ulong)maxItems,
        { Type: "object", AdditionalProperties: not null, MaxProperties: { } maxProperties } => (ulong)maxProperties,
        { Type: "array" or "object" } => MaxRequestSizeBytes - 2,
        _ => 1,
    };

    private static ulong Factor(ulong size, double factor) => (ulong)Math.Ceiling(size * factor);

    private static NotSupportedException Unsupported(ParserRuleContext e) => new($"no cost estimate for '{e.GetText()}'");

    /// <summary>A subexpression's worst-case cost and size, and its schema when it is a value of the object.</summary>
    private sealed record Value(ulong Cost, ulong Size, V1JSONSchemaProps? Schema);
}
