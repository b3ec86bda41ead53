namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A list literal <c>[a, b, ?c]</c>; optional elements are listed by index.</summary>
internal sealed class CelCreateList(long id, IReadOnlyList<CelExpr> elements, IReadOnlySet<int> optionalIndices) : CelExpr(id)
{
    public IReadOnlyList<CelExpr> Elements { get; } = elements;

    public IReadOnlySet<int> OptionalIndices { get; } = optionalIndices;
}
