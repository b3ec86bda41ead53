namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary><c>operand.field</c>; with <see cref="TestOnly"/> it is the presence test <c>has(operand.field)</c> expands to.</summary>
internal sealed class CelSelect(long id, CelExpr operand, string field, bool testOnly) : CelExpr(id)
{
    public CelExpr Operand { get; } = operand;

    public string Field { get; } = field;

    public bool TestOnly { get; } = testOnly;
}
