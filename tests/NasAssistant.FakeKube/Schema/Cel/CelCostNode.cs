using NasAssistant.FakeKube.Schema.Cel.Syntax;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// What the cost estimator knows about an operand (cel-go's <c>AstNode</c>): its field path from
/// <c>self</c> (field names, <c>@items</c>, <c>@keys</c>, <c>@values</c>), its type, and its size when known.
/// </summary>
internal sealed record CelCostNode(CelExpr? Expr, IReadOnlyList<string>? Path, CelType Type, CelEstimate? ComputedSize);
