using NasAssistant.FakeKube.Schema.Cel.Syntax;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// Compiles an <c>x-kubernetes-validations</c> rule at CRD registration as <c>compileRule</c> does
/// (<c>apiextensions-apiserver/pkg/apiserver/schema/cel/compilation.go</c>): parse, type-check against
/// <c>self</c> and <c>oldSelf</c> typed from the schema node, require a bool result, estimate the cost,
/// and do the same for <c>messageExpression</c> (which must yield a string).
/// </summary>
internal static class CelRuleCompiler
{
    public static CelCompilation Compile(CelRule rule, CelDeclType self)
    {
        if (string.IsNullOrWhiteSpace(rule.Rule))
        {
            return CelCompilation.Empty;
        }

        var oldSelf = rule.OptionalOldSelf == true ? CelType.Optional(self.Type) : self.Type;
        var variables = new Dictionary<string, CelType>(StringComparer.Ordinal) { ["self"] = self.Type, ["oldSelf"] = oldSelf };
        var (ruleAst, ruleIssues) = CheckExpression(rule.Rule, variables, self);
        if (ruleAst is null)
        {
            return CelCompilation.Empty with { Error = "compilation failed: " + ruleIssues };
        }

        if (!ruleAst.OutputType.Equals(CelType.Bool))
        {
            return CelCompilation.Empty with { Error = "cel expression must evaluate to a bool" };
        }

        var result = CelCompilation.Empty with { UsesOldSelf = ruleAst.UsesOldSelf, MaxCost = CelCostEstimator.Estimate(ruleAst, self).Max };
        if (string.IsNullOrEmpty(rule.MessageExpression))
        {
            return result;
        }

        var (messageAst, messageIssues) = CheckExpression(rule.MessageExpression, variables, self);
        if (messageAst is null)
        {
            return result with { MessageExpressionError = "messageExpression compilation failed: " + messageIssues };
        }

        return messageAst.OutputType.Equals(CelType.String)
            ? result with { HasMessageExpression = true, MessageExpressionMaxCost = CelCostEstimator.Estimate(messageAst, self).Max }
            : result with { MessageExpressionError = "messageExpression must evaluate to a string" };
    }

    private static (CelCheckedAst? Ast, string Issues) CheckExpression(string expression, Dictionary<string, CelType> variables, CelDeclType self)
    {
        var (ast, issues) = CelAstBuilder.Parse(expression);
        if (ast is null)
        {
            return (null, issues.ToString());
        }

        var checkedAst = CelTypeChecker.Check(ast, variables, new CelTypeProvider(self), issues);
        return issues.HasErrors ? (null, issues.ToString()) : (checkedAst, string.Empty);
    }
}
