namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A constant: int (long), uint (ulong), double, string, bytes (byte[]), bool or null.</summary>
internal sealed class CelLiteral(long id, CelType type, object? value) : CelExpr(id)
{
    public CelType Type { get; } = type;

    public object? Value { get; } = value;
}
