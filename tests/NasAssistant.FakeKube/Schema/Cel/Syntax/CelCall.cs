namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A global call <c>f(args)</c>, a member call <c>target.f(args)</c>, or an operator such as <c>_&amp;&amp;_</c>.</summary>
internal sealed class CelCall(long id, string function, CelExpr? target, IReadOnlyList<CelExpr> args) : CelExpr(id)
{
    public string Function { get; } = function;

    public CelExpr? Target { get; } = target;

    public IReadOnlyList<CelExpr> Args { get; } = args;
}
