using NasAssistant.FakeKube.Schema.Cel.Syntax;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// Finds the error cel-go reports when both operands of <c>&amp;&amp;</c> or <c>||</c> fail. CEL's
/// logical operators absorb an error when the other side decides the result; when neither does,
/// cel-go reports the first operand's error, while the Cel package reports a generic
/// "Could not compare OR values" wrapping the last one. Each operand is re-evaluated on its own,
/// left first, to recover the error cel-go would name.
/// </summary>
internal static class CelLogicalErrors
{
    /// <summary>The first error in cel-go's evaluation order; <paramref name="evaluate"/> runs an expression and returns its failure, if any.</summary>
    public static Exception First(CelAst ast, CelExpr node, Exception error, Func<string, Exception?> evaluate)
    {
        if (!IsLogicalFailure(error))
        {
            return error;
        }

        if (FindLogical(node) is not { } logical || ast.LogicalOperandText(logical) is not var (left, right))
        {
            return Innermost(error);
        }

        if (evaluate(left) is { } leftError)
        {
            return First(ast, logical.Args[0], leftError, evaluate);
        }

        return evaluate(right) is { } rightError ? First(ast, logical.Args[1], rightError, evaluate) : Innermost(error);
    }

    public static bool IsLogicalFailure(Exception error) =>
        error.Message.StartsWith("Could not compare OR values", StringComparison.Ordinal) || error.Message.StartsWith("Could not compare AND values", StringComparison.Ordinal);

    private static CelCall? FindLogical(CelExpr node) => node switch
    {
        CelCall { Function: "_&&_" or "_||_" } call => call,
        CelCall call => call.Args.Prepend(call.Target).OfType<CelExpr>().Select(FindLogical).FirstOrDefault(found => found is not null),
        CelSelect select => FindLogical(select.Operand),
        _ => null,
    };

    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;
}
