using System.Globalization;
using System.Text;
using Antlr4.Runtime;
using Cel.Internal;

namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>
/// Builds cel-go's AST from the Cel package's ANTLR parse tree (the same CEL grammar): operators
/// become calls at their operator token, <c>&amp;&amp;</c>/<c>||</c> chains are balanced, macros are
/// expanded, and literals are decoded (<c>parser/parser.go</c>).
/// </summary>
internal sealed class CelAstBuilder
{
    private static readonly HashSet<string> ReservedIdentifiers = new(StringComparer.Ordinal)
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
    };

    // The functions binary operators call (common/operators).
    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["<"] = "_<_", ["<="] = "_<=_", [">="] = "_>=_", [">"] = "_>_", ["=="] = "_==_", ["!="] = "_!=_", ["in"] = "@in",
        ["*"] = "_*_", ["/"] = "_/_", ["%"] = "_%_", ["+"] = "_+_", ["-"] = "_-_",
    };

    private readonly CelNodeFactory _nodes = new();
    private readonly Dictionary<long, (CelSpan Left, CelSpan Right)> _logicalOperands = [];
    private readonly CelIssues _issues;
    private readonly CelMacros _macros;

    private CelAstBuilder(CelIssues issues)
    {
        _issues = issues;
        _macros = new CelMacros(_nodes, issues);
    }

    public static CelParseResult Parse(string text)
    {
        var source = new CelSource(text);
        var issues = new CelIssues(source);
        var listener = new CelSyntaxErrorListener(issues);
        var lexer = new CelLexer(CharStreams.fromString(text));
        lexer.RemoveErrorListeners();
        lexer.AddErrorListener(listener);
        var parser = new CelParser(new CommonTokenStream(lexer));
        parser.RemoveErrorListeners();
        parser.AddErrorListener(listener);
        var tree = parser.start();
        if (issues.HasErrors)
        {
            return new CelParseResult(null, issues);
        }

        var builder = new CelAstBuilder(issues);
        var root = builder.Expr(tree.e);
        return new CelParseResult(issues.HasErrors ? null : new CelAst(root, source, builder._nodes.Offsets, builder._logicalOperands), issues);
    }

    private CelExpr Expr(CelParser.ExprContext ctx)
    {
        var condition = ConditionalOr(ctx.e);
        return ctx.op is null ? condition : GlobalCall(ctx.op, "_?_:_", condition, ConditionalOr(ctx.e1), Expr(ctx.e2));
    }

    private CelExpr ConditionalOr(CelParser.ConditionalOrContext ctx) =>
        Balance("_||_", [ctx.e, .. ctx._e1], ctx._ops, [ConditionalAnd(ctx.e), .. ctx._e1.Select(ConditionalAnd)]);

    private CelExpr ConditionalAnd(CelParser.ConditionalAndContext ctx) =>
        Balance("_&&_", [ctx.e, .. ctx._e1], ctx._ops, [Relation(ctx.e), .. ctx._e1.Select(Relation)]);

    // The balancer of parser.go: a && b && c && d becomes (a && b) && (c && d).
    private CelExpr Balance(string function, List<ParserRuleContext> contexts, IList<IToken> ops, List<CelExpr> terms) =>
        ops.Count == 0 ? terms[0] : BalancedTree(function, contexts, terms, ops, 0, ops.Count - 1);

    private CelCall BalancedTree(string function, List<ParserRuleContext> contexts, List<CelExpr> terms, IList<IToken> ops, int lo, int hi)
    {
        var mid = (lo + hi + 1) / 2;
        var left = mid == lo ? terms[mid] : BalancedTree(function, contexts, terms, ops, lo, mid - 1);
        var right = mid == hi ? terms[mid + 1] : BalancedTree(function, contexts, terms, ops, mid + 1, hi);
        var call = _nodes.Call(ops[mid].StartIndex, function, left, right);
        _logicalOperands[call.Id] = (
            new CelSpan(contexts[lo].Start.StartIndex, contexts[mid].Stop.StopIndex),
            new CelSpan(contexts[mid + 1].Start.StartIndex, contexts[hi + 1].Stop.StopIndex));
        return call;
    }

    private CelExpr Relation(CelParser.RelationContext ctx)
    {
        if (ctx.op is null)
        {
            return Calc(ctx.calc());
        }

        return GlobalCall(ctx.op, Operators[ctx.op.Text], Relation(ctx.relation(0)), Relation(ctx.relation(1)));
    }

    private CelExpr Calc(CelParser.CalcContext ctx)
    {
        if (ctx.op is null)
        {
            return Unary(ctx.unary());
        }

        return GlobalCall(ctx.op, Operators[ctx.op.Text], Calc(ctx.calc(0)), Calc(ctx.calc(1)));
    }

    private CelExpr Unary(CelParser.UnaryContext ctx) => ctx switch
    {
        CelParser.LogicalNotContext not when not._ops.Count % 2 == 1 => GlobalCall(not._ops[0], "!_", Member(not.member())),
        CelParser.LogicalNotContext not => Member(not.member()),
        CelParser.NegateContext negate when negate._ops.Count % 2 == 1 => GlobalCall(negate._ops[0], "-_", Member(negate.member())),
        CelParser.NegateContext negate => Member(negate.member()),
        _ => Member(((CelParser.MemberExprContext)ctx).member()),
    };

    private CelExpr Member(CelParser.MemberContext ctx)
    {
        switch (ctx)
        {
            case CelParser.SelectContext select:
                {
                    var operand = Member(select.member());
                    return select.opt is null
                        ? new CelSelect(_nodes.NewId(select.op.StartIndex), operand, select.id.Text, testOnly: false)
                        : _nodes.Call(select.op.StartIndex, "_?._", operand, _nodes.Literal(select.id.StartIndex, CelType.String, select.id.Text));
                }

            case CelParser.MemberCallContext call:
                {
                    var target = Member(call.member());
                    var args = ExprList(call.args);
                    var offset = call.open.StartIndex;
                    return _macros.Expand(offset, call.id.Text, target, args) ?? new CelCall(_nodes.NewId(offset), call.id.Text, target, args);
                }

            case CelParser.IndexContext index:
                return GlobalCall(index.op, index.opt is null ? "_[_]" : "_[?_]", Member(index.member()), Expr(index.index));
            default:
                return Primary(((CelParser.PrimaryExprContext)ctx).primary());
        }
    }

    private CelExpr Primary(CelParser.PrimaryContext ctx)
    {
        switch (ctx)
        {
            case CelParser.IdentOrGlobalCallContext ident:
                {
                    var name = (ident.leadingDot is null ? string.Empty : ".") + ident.id.Text;
                    if (ReservedIdentifiers.Contains(ident.id.Text))
                    {
                        return Error(ctx, $"reserved identifier: {ident.id.Text}");
                    }

                    return ident.op is null ? _nodes.Ident(ident.id.StartIndex, name) : GlobalCall(ident.op, name, [.. ExprList(ident.args)]);
                }

            case CelParser.NestedContext nested:
                return Expr(nested.e);
            case CelParser.CreateListContext list:
                {
                    var elements = list.elems?._elems ?? [];
                    var optional = new HashSet<int>(Enumerable.Range(0, elements.Count).Where(i => elements[i].opt is not null));
                    return new CelCreateList(_nodes.NewId(list.op.StartIndex), elements.Select(e => Expr(e.e)).ToList(), optional);
                }

            case CelParser.CreateStructContext map:
                {
                    var entries = new List<CelMapEntry>();
                    if (map.entries is { } init)
                    {
                        for (var i = 0; i < init._keys.Count; i++)
                        {
                            entries.Add(new CelMapEntry(_nodes.NewId(init._cols[i].StartIndex), Expr(init._keys[i].e), Expr(init._values[i]), init._keys[i].opt is not null));
                        }
                    }

                    return new CelCreateMap(_nodes.NewId(map.op.StartIndex), entries);
                }

            case CelParser.CreateMessageContext message:
                {
                    var name = (message.leadingDot is null ? string.Empty : ".") + string.Join('.', message._ids.Select(t => t.Text));
                    var values = message.entries?._values.Select(Expr).ToList() ?? [];
                    return new CelCreateStruct(_nodes.NewId(message.op.StartIndex), name, values);
                }

            default:
                return Literal(((CelParser.ConstantLiteralContext)ctx).literal());
        }
    }

    private CelLiteral Literal(CelParser.LiteralContext ctx)
    {
        var offset = ctx.Start.StartIndex;
        switch (ctx)
        {
            case CelParser.IntContext literal:
                return ParseInt(literal.sign?.Text, literal.tok.Text) is { } value
                    ? _nodes.Literal(offset, CelType.Int, value)
                    : Error(ctx, "invalid int literal");
            case CelParser.UintContext literal:
                {
                    var digits = literal.tok.Text[..^1];
                    var parsed = digits.StartsWith("0x", StringComparison.Ordinal)
                        ? ulong.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : (ulong?)null
                        : ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
                    return parsed is { } number ? _nodes.Literal(offset, CelType.Uint, number) : Error(ctx, "invalid uint literal");
                }

            case CelParser.DoubleContext literal:
                return double.TryParse((literal.sign?.Text ?? string.Empty) + literal.tok.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? _nodes.Literal(offset, CelType.Double, d)
                    : Error(ctx, "invalid double literal");
            case CelParser.StringContext literal:
                return CelStringLiteral.Unquote(literal.tok.Text) is { } decoded
                    ? _nodes.Literal(offset, CelType.String, decoded)
                    : Error(ctx, "unable to unescape string");
            case CelParser.BytesContext literal:
                return CelStringLiteral.Unquote(literal.tok.Text[1..]) is { } bytes
                    ? _nodes.Literal(offset, CelType.Bytes, Encoding.UTF8.GetBytes(bytes))
                    : Error(ctx, "unable to unescape string");
            case CelParser.BoolTrueContext:
                return _nodes.Literal(offset, CelType.Bool, true);
            case CelParser.BoolFalseContext:
                return _nodes.Literal(offset, CelType.Bool, false);
            default:
                return _nodes.Literal(offset, CelType.Null, null);
        }
    }

    private static long? ParseInt(string? sign, string text)
    {
        var negative = sign == "-";
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            if (!ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var magnitude))
            {
                return null;
            }

            return negative
                ? magnitude <= 9223372036854775808UL ? unchecked(-(long)magnitude) : null
                : magnitude <= long.MaxValue ? (long)magnitude : null;
        }

        return long.TryParse((negative ? "-" : string.Empty) + text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private List<CelExpr> ExprList(CelParser.ExprListContext? ctx) => ctx?._e.Select(Expr).ToList() ?? [];

    private CelExpr GlobalCall(IToken op, string function, params CelExpr[] args) =>
        _macros.Expand(op.StartIndex, function, null, args) ?? _nodes.Call(op.StartIndex, function, args);

    private CelLiteral Error(ParserRuleContext ctx, string message)
    {
        _issues.ReportAtOffset(ctx.Start.StartIndex, message);
        return _nodes.Literal(ctx.Start.StartIndex, CelType.Error, null);
    }
}
