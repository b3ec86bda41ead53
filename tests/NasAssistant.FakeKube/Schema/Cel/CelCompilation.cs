namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// The registration-time result for one rule (<c>CompilationResult</c>, <c>apiserver/schema/cel/compilation.go</c>):
/// the error detail, whether it is a transition rule, and the estimated worst-case costs.
/// </summary>
internal sealed record CelCompilation(
    string? Error, bool UsesOldSelf, ulong MaxCost, string? MessageExpressionError, ulong MessageExpressionMaxCost, bool HasMessageExpression)
{
    public static CelCompilation Empty { get; } = new(null, false, 0, null, 0, false);
}
