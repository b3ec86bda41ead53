namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>
/// The loop the comprehension macros (<c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c>, <c>filter</c>
/// and the two-variable forms) expand to, as in cel-go's parser.
/// </summary>
internal sealed class CelComprehension(
    long id, string iterVar, string? iterVar2, CelExpr iterRange, string accuVar, CelExpr accuInit, CelExpr loopCondition, CelExpr loopStep, CelExpr result)
    : CelExpr(id)
{
    public const string AccumulatorName = "@result";

    public string IterVar { get; } = iterVar;

    public string? IterVar2 { get; } = iterVar2;

    public CelExpr IterRange { get; } = iterRange;

    public string AccuVar { get; } = accuVar;

    public CelExpr AccuInit { get; } = accuInit;

    public CelExpr LoopCondition { get; } = loopCondition;

    public CelExpr LoopStep { get; } = loopStep;

    public CelExpr Result { get; } = result;
}
