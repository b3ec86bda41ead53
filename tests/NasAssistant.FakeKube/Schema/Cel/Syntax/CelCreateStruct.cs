namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A message construction <c>pkg.Message{field: value}</c>; Kubernetes declares no message types.</summary>
internal sealed class CelCreateStruct(long id, string messageName, IReadOnlyList<CelExpr> fieldValues) : CelExpr(id)
{
    public string MessageName { get; } = messageName;

    public IReadOnlyList<CelExpr> FieldValues { get; } = fieldValues;
}
