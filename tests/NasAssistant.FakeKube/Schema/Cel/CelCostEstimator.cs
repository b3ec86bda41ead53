using NasAssistant.FakeKube.Schema.Cel.Syntax;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// The static worst-case cost of a checked expression, ported from cel-go's <c>checker/cost.go</c>
/// (<c>coster</c>) with the Kubernetes size and call estimates of <see cref="KubernetesCallCosts"/>: each
/// identifier and selection costs 1, calls 1 plus their arguments, string functions a tenth of a
/// unit per character, regular expressions a quarter per pattern character times the string, and a
/// comprehension its step and condition times the size of its range. Presence tests cost nothing
/// (<c>PresenceTestHasCost(false)</c> in the Kubernetes base environment).
/// </summary>
internal sealed class CelCostEstimator
{
    private const double StringTraversalCostFactor = 0.1;
    private const double RegexStringLengthCostFactor = 0.25;
    private const ulong ListCreateBaseCost = 10;
    private const ulong MapCreateBaseCost = 30;
    private const ulong StructCreateBaseCost = 40;

    private readonly CelCheckedAst _checked;
    private readonly KubernetesCallCosts _kubernetes;
    private readonly Dictionary<long, IReadOnlyList<string>?> _paths = [];
    private readonly Dictionary<string, List<LocalVariable>> _locals = new(StringComparer.Ordinal);
    private readonly Dictionary<long, CelEstimate> _sizes = [];
    private readonly Dictionary<long, EntrySize> _entrySizes = [];

    private CelCostEstimator(CelCheckedAst checkedAst, CelDeclType self)
    {
        _checked = checkedAst;
        _kubernetes = new KubernetesCallCosts(self);
    }

    /// <summary>The estimated cost range of evaluating the expression once.</summary>
    public static CelEstimate Estimate(CelCheckedAst checkedAst, CelDeclType self) => new CelCostEstimator(checkedAst, self).Cost(checkedAst.Ast.Root);

    private sealed record LocalVariable(IReadOnlyList<string>? Path, CelEstimate? Size, EntrySize? EntrySize);

    private sealed record EntrySize(CelTypeKind Container, CelEstimate Key, CelEstimate Value)
    {
        public EntrySize? Union(EntrySize? other) =>
            other is null ? null : this with { Key = Key.Union(other.Key), Value = Value.Union(other.Value) };
    }

    private CelEstimate Cost(CelExpr expr) => expr switch
    {
        CelLiteral => default,
        CelIdent ident => CostIdent(ident),
        CelSelect select => CostSelect(select),
        CelCall call => CostCall(call),
        CelCreateList list => CostCreateList(list),
        CelCreateMap map => CostCreateMap(map),
        CelCreateStruct message => message.FieldValues.Aggregate(CelEstimate.Fixed(StructCreateBaseCost), (sum, v) => sum.Add(Cost(v))),
        CelComprehension comprehension when IsBind(comprehension) => CostBind(comprehension),
        CelComprehension comprehension => CostComprehension(comprehension),
        _ => default,
    };

    private CelEstimate CostIdent(CelIdent ident)
    {
        _paths[ident.Id] = Peek(ident.Name) is { } local ? local.Path : [ident.Name];
        return CelEstimate.Fixed(1);
    }

    private CelEstimate CostSelect(CelSelect select)
    {
        if (select.TestOnly)
        {
            return Cost(select.Operand);
        }

        var sum = Cost(select.Operand);
        if (TypeOf(select.Operand).Kind is CelTypeKind.Map or CelTypeKind.Struct or CelTypeKind.TypeParam)
        {
            sum = sum.Add(CelEstimate.Fixed(1));
        }

        _paths[select.Id] = Append(PathOf(select.Operand), select.Field);
        return sum;
    }

    private CelEstimate CostCall(CelCall call)
    {
        // dyn() only disables type checking: the cost of its argument plus one.
        if (call.Function == "dyn" && call.Args.Count == 1)
        {
            var argCost = Cost(call.Args[0]);
            CopySizes(call, call.Args[0]);
            return CelEstimate.Fixed(1).Add(argCost);
        }

        var argCosts = new List<CelEstimate>();
        var argNodes = new List<CelCostNode>();
        foreach (var arg in call.Args)
        {
            argCosts.Add(Cost(arg));
            argNodes.Add(Node(arg));
        }

        var overloads = _checked.OverloadsOf(call);
        if (overloads.Count == 0)
        {
            return default;
        }

        var sum = default(CelEstimate);
        CelCostNode? target = null;
        if (call.Target is not null)
        {
            sum = Cost(call.Target);
            target = Node(call.Target);
        }

        var functionCost = new CelEstimate(ulong.MaxValue, 0);
        CelEstimate? resultSize = null;
        foreach (var overload in overloads)
        {
            var (cost, size) = FunctionCost(call, overload, target, argNodes, argCosts);
            functionCost = functionCost.Union(cost);
            resultSize = resultSize is null ? size : size is null ? resultSize : resultSize.Value.Union(size.Value);
            if (overload is "index_list" or "index_map" && call.Args.Count > 0)
            {
                resultSize = EntrySizeOf(call.Args[0])?.Value;
                _paths[call.Id] = Append(PathOf(call.Args[0]), overload == "index_list" ? "@items" : "@values");
            }

            resultSize ??= ComputeSize(call);
        }

        if (resultSize is { } known)
        {
            _sizes[call.Id] = known;
        }

        return sum.Add(functionCost);
    }

    private CelEstimate CostCreateList(CelCreateList list)
    {
        var sum = default(CelEstimate);
        var itemSize = new CelEstimate(list.Elements.Count == 0 ? 0 : ulong.MaxValue, 0);
        foreach (var element in list.Elements)
        {
            sum = sum.Add(Cost(element));
            itemSize = itemSize.Union(SizeOrUnknown(element));
        }

        _entrySizes[list.Id] = new EntrySize(CelTypeKind.List, CelEstimate.Fixed(1), itemSize);
        return sum.Add(CelEstimate.Fixed(ListCreateBaseCost));
    }

    private CelEstimate CostCreateMap(CelCreateMap map)
    {
        var sum = default(CelEstimate);
        var empty = map.Entries.Count == 0;
        var keySize = new CelEstimate(empty ? 0 : ulong.MaxValue, 0);
        var valueSize = new CelEstimate(empty ? 0 : ulong.MaxValue, 0);
        foreach (var entry in map.Entries)
        {
            sum = sum.Add(Cost(entry.Key)).Add(Cost(entry.Value));
            keySize = keySize.Union(SizeOrUnknown(entry.Key));
            valueSize = valueSize.Union(SizeOrUnknown(entry.Value));
        }

        _entrySizes[map.Id] = new EntrySize(CelTypeKind.Map, keySize, valueSize);
        return sum.Add(CelEstimate.Fixed(MapCreateBaseCost));
    }

    private CelEstimate CostComprehension(CelComprehension comprehension)
    {
        var sum = Cost(comprehension.IterRange).Add(Cost(comprehension.AccuInit));
        PushLocal(comprehension.AccuVar, comprehension.AccuInit);
        var range = comprehension.IterRange;
        var entry = EntrySizeOf(range);
        var container = entry?.Container ?? TypeOf(range).Kind;
        if (comprehension.IterVar2 is { } second)
        {
            Push(comprehension.IterVar, Append(PathOf(range), container == CelTypeKind.List ? "@indices" : "@keys"), entry?.Key, null);
            Push(second, Append(PathOf(range), container == CelTypeKind.List ? "@items" : "@values"), entry?.Value, null);
        }
        else
        {
            Push(comprehension.IterVar, Append(PathOf(range), container == CelTypeKind.List ? "@items" : "@keys"), container == CelTypeKind.List ? entry?.Value : entry?.Key, null);
        }

        var loopCost = Cost(comprehension.LoopCondition);
        var stepCost = Cost(comprehension.LoopStep);
        Pop(comprehension.IterVar);
        if (comprehension.IterVar2 is { } iterVar2)
        {
            Pop(iterVar2);
        }

        sum = sum.Add(Cost(comprehension.Result));
        Pop(comprehension.AccuVar);
        var rangeCount = SizeOrUnknown(range);
        sum = sum.Add(rangeCount.Multiply(stepCost.Add(loopCost)));
        switch (comprehension.AccuInit)
        {
            case CelLiteral:
                if (ComputeSize(comprehension.AccuInit) is { } literalSize)
                {
                    _sizes[comprehension.Id] = literalSize;
                }

                break;
            case CelCreateList or CelCreateMap:
                _sizes[comprehension.Id] = rangeCount;
                if (EntrySizeOf(comprehension.LoopStep) is { } stepEntry)
                {
                    _entrySizes[comprehension.Id] = stepEntry;
                }

                break;
        }

        return sum;
    }

    // cel.bind-shaped comprehensions (optMap, optFlatMap): an empty range and a false condition.
    private static bool IsBind(CelComprehension comprehension) =>
        comprehension.IterRange is CelCreateList { Elements.Count: 0 }
        && comprehension.LoopCondition is CelLiteral { Value: false }
        && comprehension.AccuVar != CelComprehension.AccumulatorName;

    private CelEstimate CostBind(CelComprehension comprehension)
    {
        var sum = Cost(comprehension.IterRange).Add(Cost(comprehension.AccuInit));
        PushLocal(comprehension.AccuVar, comprehension.AccuInit);
        sum = sum.Add(Cost(comprehension.Result));
        Pop(comprehension.AccuVar);
        CopySizes(comprehension, comprehension.Result);
        return sum;
    }

    private (CelEstimate Cost, CelEstimate? ResultSize) FunctionCost(
        CelCall call, string overload, CelCostNode? target, List<CelCostNode> args, List<CelEstimate> argCosts)
    {
        var argSum = argCosts.Aggregate(default(CelEstimate), (sum, cost) => sum.Add(cost));
        if (_kubernetes.EstimateCall(call.Function, overload, target, args) is { } kubernetes)
        {
            return (kubernetes.Cost.Add(argSum), kubernetes.ResultSize);
        }

        switch (overload)
        {
            case "string_format" when target is not null:
                return (SizeOrUnknown(target).MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), null);
            case "string_to_bytes" when args.Count == 1:
                {
                    var size = SizeOrUnknown(args[0]);
                    return (size.MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), new CelEstimate(size.Min, CelEstimate.MultiplySaturating(size.Max, 4)));
                }

            case "bytes_to_string" when args.Count == 1:
                {
                    var size = SizeOrUnknown(args[0]);
                    return (size.MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), new CelEstimate(size.Min / 4, size.Max));
                }

            case "strings_quote" when args.Count == 1:
                {
                    var size = SizeOrUnknown(args[0]);
                    return (size.MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), new CelEstimate(size.Min + 2, CelEstimate.MultiplySaturating(size.Max, 2) + 2));
                }

            case "starts_with_string" or "ends_with_string" when args.Count == 1:
                return (SizeOrUnknown(args[0]).MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), null);
            case "in_list" when args.Count == 2:
                return (SizeOrUnknown(args[1]).MultiplyByCostFactor(1).Add(argSum), null);
            case "matches_string" when target is not null && args.Count == 1:
                return (Matches(target, args[0]).Add(argSum), null);
            case "matches" when target is null && args.Count == 2:
                return (Matches(args[0], args[1]).Add(argSum), null);
            case "contains_string" when target is not null && args.Count == 1:
                return (SizeOrUnknown(target).MultiplyByCostFactor(StringTraversalCostFactor)
                    .Multiply(SizeOrUnknown(args[0]).MultiplyByCostFactor(StringTraversalCostFactor)).Add(argSum), null);
            case "logical_or" or "logical_and":
                // Short-circuiting: at least the left side, at most both.
                return (new CelEstimate(argCosts[0].Min, argCosts[0].Add(argCosts[1]).Max), null);
            case "conditional":
                {
                    var size = SizeOrUnknown(args[1]).Union(SizeOrUnknown(args[2]));
                    if (EntrySizeOf(call.Args[1])?.Union(EntrySizeOf(call.Args[2])) is { } entry)
                    {
                        _entrySizes[call.Id] = entry;
                    }

                    return (argCosts[0].Add(argCosts[1].Union(argCosts[2])), size);
                }

            case "add_string" or "add_bytes" or "add_list" when args.Count == 2:
                {
                    var size = SizeOrUnknown(args[0]).Add(SizeOrUnknown(args[1]));
                    if (EntrySizeOf(call.Args[0])?.Union(EntrySizeOf(call.Args[1])) is { } entry)
                    {
                        _entrySizes[call.Id] = entry;
                    }

                    return overload == "add_list"
                        ? (CelEstimate.Fixed(1).Add(argSum), size)
                        : (size.MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), size);
                }

            case "less_string" or "greater_string" or "less_equals_string" or "greater_equals_string"
                or "less_bytes" or "greater_bytes" or "less_equals_bytes" or "greater_equals_bytes"
                or "equals" or "not_equals":
                {
                    var smallestMax = Math.Min(SizeOrUnknown(args[0]).Max, SizeOrUnknown(args[1]).Max);
                    return (new CelEstimate(smallestMax > 0 ? 1UL : 0UL, smallestMax).MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), null);
                }

            default:
                return (CelEstimate.Fixed(1).Add(argSum), null);
        }
    }

    private static CelEstimate Matches(CelCostNode text, CelCostNode pattern)
    {
        // One more than the string length, so an empty string still pays for an expensive pattern.
        var textCost = SizeOrUnknown(text).Add(CelEstimate.Fixed(1)).MultiplyByCostFactor(StringTraversalCostFactor);
        return textCost.Multiply(SizeOrUnknown(pattern).MultiplyByCostFactor(RegexStringLengthCostFactor));
    }

    private CelCostNode Node(CelExpr expr)
    {
        var path = PathOf(expr);
        if (path is { Count: > 0 } && path[0] == CelComprehension.AccumulatorName)
        {
            path = null;
        }

        return new CelCostNode(expr, path, TypeOf(expr), ComputeSize(expr));
    }

    private CelEstimate? ComputeSize(CelExpr expr)
    {
        if (_sizes.TryGetValue(expr.Id, out var known))
        {
            return known;
        }

        if (LiteralSize(expr) is { } literal)
        {
            return literal;
        }

        // Schema bounds come before type-based sizes, as Kubernetes may override what CEL would ascribe.
        if (_kubernetes.EstimateSize(PathOf(expr)) is { } estimated)
        {
            _sizes[expr.Id] = estimated;
            return estimated;
        }

        if (IsScalar(TypeOf(expr)))
        {
            return CelEstimate.Fixed(1);
        }

        return expr is CelIdent ident && Peek(ident.Name)?.Size is { } localSize ? localSize : null;
    }

    private static CelEstimate? LiteralSize(CelExpr expr) => expr switch
    {
        CelLiteral { Value: string text } => CelEstimate.Fixed((ulong)text.EnumerateRunes().Count()),
        CelLiteral { Value: byte[] bytes } => CelEstimate.Fixed((ulong)bytes.Length),
        CelLiteral { Type.Kind: not CelTypeKind.Error } => CelEstimate.Fixed(1),
        CelCreateList list => CelEstimate.Fixed((ulong)list.Elements.Count),
        CelCreateMap map => CelEstimate.Fixed((ulong)map.Entries.Count),
        _ => null,
    };

    private static bool IsScalar(CelType type) => type.Kind switch
    {
        CelTypeKind.Bool or CelTypeKind.Double or CelTypeKind.Duration or CelTypeKind.Int or CelTypeKind.Timestamp or CelTypeKind.Uint => true,
        CelTypeKind.Opaque when type.IsOptional => IsScalar(type.Parameters[0]),
        _ => false,
    };

    private CelEstimate SizeOrUnknown(CelExpr expr) => ComputeSize(expr) ?? CelEstimate.Unknown;

    private static CelEstimate SizeOrUnknown(CelCostNode node) => node.ComputedSize ?? CelEstimate.Unknown;

    private EntrySize? EntrySizeOf(CelExpr expr) =>
        _entrySizes.TryGetValue(expr.Id, out var entry) ? entry : expr is CelIdent ident ? Peek(ident.Name)?.EntrySize : null;

    private void CopySizes(CelExpr destination, CelExpr source)
    {
        if (ComputeSize(source) is { } size)
        {
            _sizes[destination.Id] = size;
        }

        if (EntrySizeOf(source) is { } entry)
        {
            _entrySizes[destination.Id] = entry;
        }
    }

    private IReadOnlyList<string>? PathOf(CelExpr expr) =>
        expr is CelIdent ident && Peek(ident.Name) is { } local ? local.Path : _paths.GetValueOrDefault(expr.Id);

    private static List<string> Append(IReadOnlyList<string>? path, string step) => [.. path ?? [], step];

    private void PushLocal(string name, CelExpr init) => Push(name, PathOf(init), ComputeSize(init), EntrySizeOf(init));

    private void Push(string name, IReadOnlyList<string>? path, CelEstimate? size, EntrySize? entry)
    {
        if (!_locals.TryGetValue(name, out var stack))
        {
            _locals[name] = stack = [];
        }

        stack.Add(new LocalVariable(path, size, entry));
    }

    private void Pop(string name) => _locals[name].RemoveAt(_locals[name].Count - 1);

    private LocalVariable? Peek(string name) => _locals.TryGetValue(name, out var stack) && stack.Count > 0 ? stack[^1] : null;

    private CelType TypeOf(CelExpr expr) => _checked.TypeOf(expr);
}
