namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A variable or type name, e.g. <c>self</c> or <c>int</c>.</summary>
internal sealed class CelIdent(long id, string name) : CelExpr(id)
{
    public string Name { get; } = name;
}
