namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>
/// A parsed expression: its root, its source, the source offset of every node id, and the source
/// spans of the operands of each <c>&amp;&amp;</c> and <c>||</c>.
/// </summary>
internal sealed class CelAst(CelExpr root, CelSource source, IReadOnlyDictionary<long, int> offsets, IReadOnlyDictionary<long, (CelSpan Left, CelSpan Right)> logicalOperands)
{
    public CelExpr Root { get; } = root;

    public CelSource Source { get; } = source;

    public int OffsetOf(CelExpr expr) => offsets.GetValueOrDefault(expr.Id);

    /// <summary>The source text of both operands of a logical operator node.</summary>
    public (string Left, string Right)? LogicalOperandText(CelExpr expr) =>
        logicalOperands.TryGetValue(expr.Id, out var spans) ? (Source.Slice(spans.Left), Source.Slice(spans.Right)) : null;
}
