using NasAssistant.FakeKube.Schema.Cel.Syntax;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>A type-checked expression: the type of every node and the overloads each call resolved to.</summary>
internal sealed class CelCheckedAst(
    CelAst ast, IReadOnlyDictionary<long, CelType> types, IReadOnlyDictionary<long, IReadOnlyList<string>> overloads, bool usesOldSelf)
{
    public CelAst Ast { get; } = ast;

    public CelType OutputType => TypeOf(Ast.Root);

    /// <summary>Whether the expression reads <c>oldSelf</c>, which makes it a transition rule.</summary>
    public bool UsesOldSelf { get; } = usesOldSelf;

    public CelType TypeOf(CelExpr expr) => types.GetValueOrDefault(expr.Id) ?? CelType.Dyn;

    public IReadOnlyList<string> OverloadsOf(CelExpr expr) => overloads.GetValueOrDefault(expr.Id) ?? [];
}
