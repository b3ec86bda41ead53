namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A parsed expression: its root, its source, and the source offset of every node id.</summary>
internal sealed class CelAst(CelExpr root, CelSource source, IReadOnlyDictionary<long, int> offsets)
{
    public CelExpr Root { get; } = root;

    public CelSource Source { get; } = source;

    public int OffsetOf(CelExpr expr) => offsets.GetValueOrDefault(expr.Id);
}
