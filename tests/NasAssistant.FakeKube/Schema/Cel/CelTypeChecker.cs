using NasAssistant.FakeKube.Schema.Cel.Syntax;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// Type-checks a parsed expression the way cel-go's checker does (<c>checker/checker.go</c>):
/// identifiers against the declared variables, field selections against the struct types derived
/// from the schema, calls against the overloads of <see cref="CelFunctionTable"/> with type-parameter
/// unification, homogeneous list and map literals, and comprehensions. Errors carry cel-go's wording.
/// </summary>
internal sealed class CelTypeChecker
{
    private const string Container = "";

    private static readonly Dictionary<string, CelType> TypeIdentifiers = new(StringComparer.Ordinal)
    {
        ["bool"] = CelType.TypeOf(CelType.Bool),
        ["bytes"] = CelType.TypeOf(CelType.Bytes),
        ["double"] = CelType.TypeOf(CelType.Double),
        ["int"] = CelType.TypeOf(CelType.Int),
        ["uint"] = CelType.TypeOf(CelType.Uint),
        ["string"] = CelType.TypeOf(CelType.String),
        ["null_type"] = CelType.TypeOf(CelType.Null),
        ["list"] = CelType.TypeOf(CelType.List(CelType.Dyn)),
        ["map"] = CelType.TypeOf(CelType.Map(CelType.Dyn, CelType.Dyn)),
        ["type"] = CelType.TypeOf(CelType.TypeOf(CelType.Dyn)),
        ["optional_type"] = CelType.TypeOf(CelType.Optional(CelType.Dyn)),
        ["google.protobuf.Timestamp"] = CelType.TypeOf(CelType.Timestamp),
        ["google.protobuf.Duration"] = CelType.TypeOf(CelType.Duration),
    };

    private readonly CelAst _ast;
    private readonly CelIssues _issues;
    private readonly IReadOnlyDictionary<string, CelType> _variables;
    private readonly CelTypeProvider _provider;
    private readonly List<Dictionary<string, CelType>> _scopes = [];
    private readonly Dictionary<long, CelType> _types = [];
    private readonly Dictionary<long, IReadOnlyList<string>> _overloads = [];
    private CelTypeSubstitutions _bindings = new();
    private int _freeTypeVars;
    private bool _usesOldSelf;

    private CelTypeChecker(CelAst ast, IReadOnlyDictionary<string, CelType> variables, CelTypeProvider provider, CelIssues issues)
    {
        _ast = ast;
        _variables = variables;
        _provider = provider;
        _issues = issues;
    }

    public static CelCheckedAst Check(CelAst ast, IReadOnlyDictionary<string, CelType> variables, CelTypeProvider provider, CelIssues issues)
    {
        var checker = new CelTypeChecker(ast, variables, provider, issues);
        checker.Check(ast.Root);
        var final = checker._types.ToDictionary(t => t.Key, t => CelTypeUnifier.Substitute(checker._bindings, t.Value, unboundToDyn: true));
        return new CelCheckedAst(ast, final, checker._overloads, checker._usesOldSelf);
    }

    private void Check(CelExpr expr)
    {
        switch (expr)
        {
            case CelLiteral literal:
                SetType(expr, literal.Type);
                break;
            case CelIdent ident:
                CheckIdent(ident);
                break;
            case CelSelect select:
                CheckSelect(select);
                break;
            case CelCall call:
                CheckCall(call);
                break;
            case CelCreateList list:
                CheckCreateList(list);
                break;
            case CelCreateMap map:
                CheckCreateMap(map);
                break;
            case CelCreateStruct message:
                Report(message, $"undeclared reference to '{message.MessageName}' (in container '{Container}')");
                SetType(message, CelType.Error);
                break;
            case CelComprehension comprehension:
                CheckComprehension(comprehension);
                break;
        }
    }

    private void CheckIdent(CelIdent ident)
    {
        if (LookupIdent(ident.Name) is { } type)
        {
            SetType(ident, type);
            return;
        }

        SetType(ident, CelType.Error);
        Report(ident, $"undeclared reference to '{ident.Name}' (in container '{Container}')");
    }

    private void CheckSelect(CelSelect select)
    {
        // A dotted name may itself be a declared identifier, e.g. google.protobuf.Timestamp.
        if (!select.TestOnly && QualifiedName(select) is { } qualified && LookupIdent(qualified) is { } declared)
        {
            SetType(select, declared);
            return;
        }

        var result = CheckSelectField(select, select.Operand, select.Field, optional: false);
        SetType(select, select.TestOnly ? CelType.Bool : CelTypeUnifier.Substitute(_bindings, result, unboundToDyn: false));
    }

    private CelType CheckSelectField(CelExpr expr, CelExpr operand, string field, bool optional)
    {
        Check(operand);
        var operandType = CelTypeUnifier.Substitute(_bindings, TypeOf(operand), unboundToDyn: false);
        var isOptional = operandType.IsOptional;
        var target = isOptional ? operandType.Parameters[0] : operandType;
        CelType result;
        switch (target.Kind)
        {
            case CelTypeKind.Map:
                result = target.Parameters[1];
                break;
            case CelTypeKind.Struct:
                result = _provider.FieldType(target.Name, field) ?? CelType.Error;
                if (result.Kind == CelTypeKind.Error)
                {
                    Report(expr, $"undefined field '{field}'");
                }

                break;
            case CelTypeKind.TypeParam:
                IsAssignable(CelType.Dyn, target);
                result = CelType.Dyn;
                break;
            default:
                if (!target.IsDynOrError)
                {
                    Report(expr, $"type '{target}' does not support field selection");
                }

                result = CelType.Dyn;
                break;
        }

        return isOptional || optional ? CelType.Optional(result) : result;
    }

    private void CheckCall(CelCall call)
    {
        if (call.Function == "_?._")
        {
            var field = call.Args[1] is CelLiteral { Value: string name } ? name : string.Empty;
            SetType(call, CelTypeUnifier.Substitute(_bindings, CheckSelectField(call, call.Args[0], field, optional: true), unboundToDyn: false));
            _overloads[call.Id] = ["select_optional_field"];
            return;
        }

        foreach (var arg in call.Args)
        {
            Check(arg);
        }

        if (call.Target is null)
        {
            if (CelFunctionTable.Kubernetes.Find(call.Function) is not { } overloads)
            {
                Report(call, $"undeclared reference to '{call.Function}' (in container '{Container}')");
                SetType(call, CelType.Error);
                return;
            }

            ResolveOverload(call, call.Function, overloads, null);
            return;
        }

        // a.b.f(x) may name the namespaced function a.b.f rather than f called on a.b.
        if (QualifiedName(call.Target) is { } prefix && CelFunctionTable.Kubernetes.Find(prefix + "." + call.Function) is { } namespaced)
        {
            ResolveOverload(call, prefix + "." + call.Function, namespaced, null);
            return;
        }

        Check(call.Target);
        if (CelFunctionTable.Kubernetes.Find(call.Function) is { } members)
        {
            ResolveOverload(call, call.Function, members, call.Target);
            return;
        }

        SetType(call, CelType.Error);
        Report(call, $"undeclared reference to '{call.Function}' (in container '{Container}')");
    }

    private void ResolveOverload(CelCall call, string function, IReadOnlyList<CelOverload> overloads, CelExpr? target)
    {
        var argTypes = new List<CelType>();
        if (target is not null)
        {
            argTypes.Add(TypeOf(target));
        }

        argTypes.AddRange(call.Args.Select(TypeOf));
        CelType? result = null;
        var matched = new List<string>();
        foreach (var overload in overloads)
        {
            if (overload.IsMember != (target is not null))
            {
                continue;
            }

            // Logical operators check each argument against bool individually.
            if (function is "_&&_" or "_||_")
            {
                var failed = false;
                for (var i = 0; i < argTypes.Count; i++)
                {
                    if (!IsAssignable(argTypes[i], CelType.Bool))
                    {
                        Report(call.Args[i], $"expected type 'bool' but found '{argTypes[i]}'");
                        failed = true;
                    }
                }

                SetType(call, failed ? CelType.Error : CelType.Bool);
                if (!failed)
                {
                    _overloads[call.Id] = [overload.Id];
                }

                return;
            }

            var (args, overloadResult) = Instantiate(overload);
            if (!IsAssignableList(argTypes, args))
            {
                continue;
            }

            matched.Add(overload.Id);
            var resolved = CelTypeUnifier.Substitute(_bindings, overloadResult, unboundToDyn: false);
            result = result is null ? resolved : result.Kind != CelTypeKind.Dyn && !resolved.Equals(result) ? CelType.Dyn : result;
        }

        if (result is null)
        {
            var shown = argTypes.Select(t => CelTypeUnifier.Substitute(_bindings, t, unboundToDyn: true)).ToList();
            var signature = target is null
                ? $"({string.Join(", ", shown)})"
                : $"{shown[0]}.({string.Join(", ", shown.Skip(1))})";
            Report(call, $"found no matching overload for '{function}' applied to '{signature}'");
            SetType(call, CelType.Error);
            return;
        }

        SetType(call, result);
        _overloads[call.Id] = matched;
    }

    private (IReadOnlyList<CelType> Args, CelType Result) Instantiate(CelOverload overload)
    {
        if (overload.TypeParams.Count == 0)
        {
            return (overload.Args, overload.Result);
        }

        var fresh = new CelTypeSubstitutions();
        foreach (var parameter in overload.TypeParams)
        {
            fresh.Add(CelType.Param(parameter), NewTypeVar());
        }

        return (overload.Args.Select(a => CelTypeUnifier.Substitute(fresh, a, unboundToDyn: false)).ToList(),
            CelTypeUnifier.Substitute(fresh, overload.Result, unboundToDyn: false));
    }

    private void CheckCreateList(CelCreateList list)
    {
        CelType? elements = null;
        for (var i = 0; i < list.Elements.Count; i++)
        {
            var element = list.Elements[i];
            Check(element);
            var type = TypeOf(element);
            if (list.OptionalIndices.Contains(i))
            {
                if (type.IsOptional)
                {
                    type = type.Parameters[0];
                }
                else if (type.Kind != CelTypeKind.Dyn)
                {
                    Report(element, $"expected type '{CelType.Optional(type)}' but found '{type}'");
                }
            }

            elements = JoinTypes(element, elements, type);
        }

        SetType(list, CelType.List(elements ?? NewTypeVar()));
    }

    private void CheckCreateMap(CelCreateMap map)
    {
        CelType? keys = null;
        CelType? values = null;
        foreach (var entry in map.Entries)
        {
            Check(entry.Key);
            keys = JoinTypes(entry.Key, keys, TypeOf(entry.Key));
            Check(entry.Value);
            var valueType = TypeOf(entry.Value);
            if (entry.Optional)
            {
                if (valueType.IsOptional)
                {
                    valueType = valueType.Parameters[0];
                }
                else if (valueType.Kind != CelTypeKind.Dyn)
                {
                    Report(entry.Value, $"expected type '{CelType.Optional(valueType)}' but found '{valueType}'");
                }
            }

            values = JoinTypes(entry.Value, values, valueType);
        }

        SetType(map, keys is null || values is null ? CelType.Map(NewTypeVar(), NewTypeVar()) : CelType.Map(keys, values));
    }

    // Homogeneous aggregate literals (cel.HomogeneousAggregateLiterals) are part of the Kubernetes environment.
    private CelType JoinTypes(CelExpr expr, CelType? previous, CelType current)
    {
        if (previous is null)
        {
            return current;
        }

        if (IsAssignable(previous, current))
        {
            return CelTypeUnifier.MostGeneral(previous, current);
        }

        Report(expr, $"expected type '{previous}' but found '{current}'");
        return previous;
    }

    private void CheckComprehension(CelComprehension comprehension)
    {
        Check(comprehension.IterRange);
        Check(comprehension.AccuInit);
        var rangeType = CelTypeUnifier.Substitute(_bindings, TypeOf(comprehension.IterRange), unboundToDyn: false);
        var accuType = TypeOf(comprehension.AccuInit);
        _scopes.Add(new Dictionary<string, CelType>(StringComparer.Ordinal) { [comprehension.AccuVar] = accuType });
        CelType varType;
        CelType? var2Type = null;
        var twoVariables = comprehension.IterVar2 is not null;
        switch (rangeType.Kind)
        {
            case CelTypeKind.List:
                varType = twoVariables ? CelType.Int : rangeType.Parameters[0];
                var2Type = twoVariables ? rangeType.Parameters[0] : null;
                break;
            case CelTypeKind.Map:
                varType = rangeType.Parameters[0];
                var2Type = twoVariables ? rangeType.Parameters[1] : null;
                break;
            case CelTypeKind.Dyn or CelTypeKind.Error or CelTypeKind.TypeParam:
                IsAssignable(CelType.Dyn, rangeType);
                varType = CelType.Dyn;
                var2Type = twoVariables ? CelType.Dyn : null;
                break;
            default:
                Report(comprehension.IterRange, $"expression of type '{rangeType}' cannot be the range of a comprehension (must be list, map, or dynamic)");
                varType = CelType.Error;
                var2Type = twoVariables ? CelType.Error : null;
                break;
        }

        var loopScope = new Dictionary<string, CelType>(StringComparer.Ordinal) { [comprehension.IterVar] = varType };
        if (comprehension.IterVar2 is { } second)
        {
            loopScope[second] = var2Type!;
        }

        _scopes.Add(loopScope);
        Check(comprehension.LoopCondition);
        AssertType(comprehension.LoopCondition, CelType.Bool);
        Check(comprehension.LoopStep);
        AssertType(comprehension.LoopStep, accuType);
        _scopes.RemoveAt(_scopes.Count - 1);
        Check(comprehension.Result);
        _scopes.RemoveAt(_scopes.Count - 1);
        SetType(comprehension, CelTypeUnifier.Substitute(_bindings, TypeOf(comprehension.Result), unboundToDyn: false));
    }

    private void AssertType(CelExpr expr, CelType expected)
    {
        if (!IsAssignable(expected, TypeOf(expr)))
        {
            Report(expr, $"expected type '{expected}' but found '{TypeOf(expr)}'");
        }
    }

    private CelType? LookupIdent(string name)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetValue(name, out var local))
            {
                return local;
            }
        }

        if (_variables.TryGetValue(name, out var variable))
        {
            _usesOldSelf |= name == "oldSelf";
            return variable;
        }

        return TypeIdentifiers.GetValueOrDefault(name);
    }

    private static string? QualifiedName(CelExpr expr) => expr switch
    {
        CelIdent ident => ident.Name,
        CelSelect { TestOnly: false } select when QualifiedName(select.Operand) is { } prefix => prefix + "." + select.Field,
        _ => null,
    };

    private bool IsAssignable(CelType target, CelType source)
    {
        var attempt = _bindings.Copy();
        if (!CelTypeUnifier.IsAssignable(attempt, target, source))
        {
            return false;
        }

        _bindings = attempt;
        return true;
    }

    private bool IsAssignableList(IReadOnlyList<CelType> sources, IReadOnlyList<CelType> targets)
    {
        var attempt = _bindings.Copy();
        if (!CelTypeUnifier.IsAssignableList(attempt, sources, targets))
        {
            return false;
        }

        _bindings = attempt;
        return true;
    }

    private CelType NewTypeVar() => CelType.Param($"_var{_freeTypeVars++}");

    private CelType TypeOf(CelExpr expr) => _types.GetValueOrDefault(expr.Id) ?? CelType.Error;

    private void SetType(CelExpr expr, CelType type) => _types[expr.Id] = type;

    private void Report(CelExpr expr, string message) => _issues.ReportAtOffset(_ast.OffsetOf(expr), message);
}
