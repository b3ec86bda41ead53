namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>
/// The macros of the Kubernetes CEL environment, expanded at parse time like cel-go's
/// <c>parser/macro.go</c> (has, all, exists, exists_one, map, filter), <c>ext/comprehensions.go</c>
/// (two-variable all, exists, existsOne, transformList, transformMap, transformMapEntry) and the
/// optional library (optMap, optFlatMap). Generated nodes take the macro call's position.
/// </summary>
internal sealed class CelMacros(CelNodeFactory nodes, CelIssues issues)
{
    private const string Accumulator = CelComprehension.AccumulatorName;

    /// <summary>Expands a macro call; null when the call is not a macro. Misuse is reported to the issues.</summary>
    public CelExpr? Expand(int offset, string function, CelExpr? target, IReadOnlyList<CelExpr> args)
    {
        return (function, target is null, args.Count) switch
        {
            ("has", true, 1) => Has(offset, args[0]),
            ("all", false, 2) => Quantifier(offset, QuantifierKind.All, target!, null, args[0], args[1]),
            ("exists", false, 2) => Quantifier(offset, QuantifierKind.Exists, target!, null, args[0], args[1]),
            ("exists_one", false, 2) => Quantifier(offset, QuantifierKind.ExistsOne, target!, null, args[0], args[1]),
            ("all", false, 3) => Quantifier(offset, QuantifierKind.All, target!, args[0], args[1], args[2]),
            ("exists", false, 3) => Quantifier(offset, QuantifierKind.Exists, target!, args[0], args[1], args[2]),
            ("existsOne", false, 3) => Quantifier(offset, QuantifierKind.ExistsOne, target!, args[0], args[1], args[2]),
            ("map", false, 2) => MapOrFilter(offset, target!, args[0], null, args[1]),
            ("map", false, 3) => MapOrFilter(offset, target!, args[0], args[1], args[2]),
            ("filter", false, 2) => MapOrFilter(offset, target!, args[0], args[1], args[0]),
            ("transformList", false, 3) => Transform(offset, target!, args[0], args[1], null, args[2], TransformKind.List),
            ("transformList", false, 4) => Transform(offset, target!, args[0], args[1], args[2], args[3], TransformKind.List),
            ("transformMap", false, 3) => Transform(offset, target!, args[0], args[1], null, args[2], TransformKind.Map),
            ("transformMap", false, 4) => Transform(offset, target!, args[0], args[1], args[2], args[3], TransformKind.Map),
            ("transformMapEntry", false, 3) => Transform(offset, target!, args[0], args[1], null, args[2], TransformKind.MapEntry),
            ("transformMapEntry", false, 4) => Transform(offset, target!, args[0], args[1], args[2], args[3], TransformKind.MapEntry),
            ("optMap", false, 2) => OptionalMap(offset, target!, args[0], args[1], wrap: true),
            ("optFlatMap", false, 2) => OptionalMap(offset, target!, args[0], args[1], wrap: false),
            _ => null,
        };
    }

    private enum QuantifierKind
    {
        All,
        Exists,
        ExistsOne,
    }

    private enum TransformKind
    {
        List,
        Map,
        MapEntry,
    }

    // MakeHas (parser/macro.go)
    private CelExpr Has(int offset, CelExpr arg) =>
        arg is CelSelect select
            ? new CelSelect(nodes.NewId(offset), select.Operand, select.Field, testOnly: true)
            : Error(arg, "invalid argument to has() macro");

    // makeQuantifier (parser/macro.go) and quantifierAll/Exists/ExistsOne (ext/comprehensions.go)
    private CelExpr Quantifier(int offset, QuantifierKind kind, CelExpr target, CelExpr? first, CelExpr second, CelExpr predicate)
    {
        var (iterVar, iterVar2) = first is null
            ? (SimpleName(second, "argument must be a simple name"), (string?)null)
            : IterVars(first, second);
        if (iterVar is null)
        {
            return second;
        }

        CelExpr init;
        CelExpr condition;
        CelExpr step;
        CelExpr result;
        switch (kind)
        {
            case QuantifierKind.All:
                init = nodes.Literal(offset, CelType.Bool, true);
                condition = nodes.Call(offset, "@not_strictly_false", Accu(offset));
                step = nodes.Call(offset, "_&&_", Accu(offset), predicate);
                result = Accu(offset);
                break;
            case QuantifierKind.Exists:
                init = nodes.Literal(offset, CelType.Bool, false);
                condition = nodes.Call(offset, "@not_strictly_false", nodes.Call(offset, "!_", Accu(offset)));
                step = nodes.Call(offset, "_||_", Accu(offset), predicate);
                result = Accu(offset);
                break;
            default:
                init = nodes.Literal(offset, CelType.Int, 0L);
                condition = nodes.Literal(offset, CelType.Bool, true);
                step = nodes.Call(offset, "_?_:_", predicate, nodes.Call(offset, "_+_", Accu(offset), nodes.Literal(offset, CelType.Int, 1L)), Accu(offset));
                result = nodes.Call(offset, "_==_", Accu(offset), nodes.Literal(offset, CelType.Int, 1L));
                break;
        }

        return new CelComprehension(nodes.NewId(offset), iterVar, iterVar2, target, Accumulator, init, condition, step, result);
    }

    // MakeMap / MakeFilter (parser/macro.go)
    private CelExpr MapOrFilter(int offset, CelExpr target, CelExpr variable, CelExpr? filter, CelExpr transform)
    {
        if (SimpleName(variable, "argument is not an identifier") is not { } iterVar)
        {
            return variable;
        }

        CelExpr step = nodes.Call(offset, "_+_", Accu(offset), nodes.List(offset, transform));
        if (filter is not null)
        {
            step = nodes.Call(offset, "_?_:_", filter, step, Accu(offset));
        }

        return new CelComprehension(
            nodes.NewId(offset), iterVar, null, target, Accumulator, nodes.List(offset), nodes.Literal(offset, CelType.Bool, true), step, Accu(offset));
    }

    // transformList / transformMap / transformMapEntry (ext/comprehensions.go)
    private CelExpr Transform(int offset, CelExpr target, CelExpr first, CelExpr second, CelExpr? filter, CelExpr transform, TransformKind kind)
    {
        var (iterVar, iterVar2) = IterVars(first, second);
        if (iterVar is null)
        {
            return first;
        }

        CelExpr init;
        CelExpr step;
        switch (kind)
        {
            case TransformKind.List:
                init = nodes.List(offset);
                step = nodes.Call(offset, "_+_", Accu(offset), nodes.List(offset, transform));
                break;
            case TransformKind.Map:
                init = new CelCreateMap(nodes.NewId(offset), []);
                step = nodes.Call(offset, "cel.@mapInsert", Accu(offset), first, transform);
                break;
            default:
                init = new CelCreateMap(nodes.NewId(offset), []);
                step = nodes.Call(offset, "cel.@mapInsert", Accu(offset), transform);
                break;
        }

        if (filter is not null)
        {
            step = nodes.Call(offset, "_?_:_", filter, step, Accu(offset));
        }

        return new CelComprehension(
            nodes.NewId(offset), iterVar, iterVar2, target, Accumulator, init, nodes.Literal(offset, CelType.Bool, true), step, Accu(offset));
    }

    // optMap / optFlatMap (cel-go's optional library): value bound to the variable, result wrapped or not.
    private CelExpr OptionalMap(int offset, CelExpr target, CelExpr variable, CelExpr body, bool wrap)
    {
        if (variable is not CelIdent { Name: var name })
        {
            return Error(variable, $"{(wrap ? "optMap" : "optFlatMap")}() variable name must be a simple identifier");
        }

        var bound = new CelComprehension(
            nodes.NewId(offset), "#unused", null, nodes.List(offset), name, nodes.MemberCall(offset, "value", target),
            nodes.Literal(offset, CelType.Bool, false), nodes.Ident(offset, name), body);
        CelExpr mapped = wrap ? nodes.Call(offset, "optional.of", bound) : bound;
        return nodes.Call(offset, "_?_:_", nodes.MemberCall(offset, "hasValue", target), mapped, nodes.Call(offset, "optional.none"));
    }

    /// <summary>The two variable names of a two-variable macro, or nulls after reporting why not.</summary>
    private (string? First, string? Second) IterVars(CelExpr first, CelExpr second)
    {
        if (SimpleName(first, "argument is not an identifier") is not { } name1 || SimpleName(second, "argument is not an identifier") is not { } name2)
        {
            return (null, null);
        }

        if (name1 == name2)
        {
            Error(second, $"duplicate variable name: {name2}");
            return (null, null);
        }

        return (name1, name2);
    }

    private string? SimpleName(CelExpr expr, string problem)
    {
        if (expr is not CelIdent ident)
        {
            Error(expr, problem);
            return null;
        }

        if (ident.Name == Accumulator)
        {
            Error(expr, "iteration variable overwrites accumulator variable");
            return null;
        }

        return ident.Name;
    }

    private CelExpr Error(CelExpr at, string message)
    {
        issues.ReportAtOffset(nodes.OffsetOf(at), message);
        return at;
    }

    private CelIdent Accu(int offset) => nodes.Ident(offset, Accumulator);
}
