namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// The Kubernetes side of static cost estimation: sizes looked up in the schema's CEL declaration by
/// field path (the <c>sizeEstimator</c> of <c>apiextensions-apiserver/pkg/apiserver/schema/cel/compilation.go</c>)
/// and call costs of the Kubernetes libraries (<c>CostEstimator.EstimateCallCost</c>,
/// <c>k8s.io/apiserver/pkg/cel/library/cost.go</c>).
/// </summary>
internal sealed class KubernetesCallCosts(CelDeclType root)
{
    private const double StringTraversalCostFactor = 0.1;
    private const double RegexStringLengthCostFactor = 0.25;

    /// <summary>The size bound of a value reached through <paramref name="path"/> (whose first element is the variable).</summary>
    public CelEstimate? EstimateSize(IReadOnlyList<string>? path) =>
        path is { Count: > 0 } && root.Follow(path.Skip(1)) is { } found ? new CelEstimate(0, (ulong)Math.Max(0, found.MaxElements)) : null;

    /// <summary>The cost (and result size) of a call, or null to fall back to CEL's own estimate.</summary>
    public (CelEstimate Cost, CelEstimate? ResultSize)? EstimateCall(string function, string overloadId, CelCostNode? target, IReadOnlyList<CelCostNode> args)
    {
        switch (function)
        {
            case "serviceAccount" or "path" or "group" or "resource" or "subresource" or "namespace" or "name" or "allowed" or "reason" or "error" or "errored":
                return (CelEstimate.Fixed(1), null);
            case "isSorted" or "sum" or "max" or "min" or "indexOf" or "lastIndexOf" when target is not null:
                {
                    if (ListElement(target) is { } element)
                    {
                        var elementCost = CelEstimate.Fixed(1);
                        if (element.Type.Kind is CelTypeKind.String or CelTypeKind.Bytes)
                        {
                            elementCost = elementCost.Add(Size(element).MultiplyByCostFactor(StringTraversalCostFactor));
                        }

                        return (Size(target).Multiply(elementCost), null);
                    }

                    return (Size(target).MultiplyByCostFactor(StringTraversalCostFactor), null);
                }

            case "url" when args.Count == 1:
                return (Size(args[0]).MultiplyByCostFactor(StringTraversalCostFactor), null);
            case "lowerAscii" or "upperAscii" or "substring" or "trim" when target is not null:
                {
                    var size = Size(target);
                    return (size.MultiplyByCostFactor(StringTraversalCostFactor), size);
                }

            case "replace" when target is not null && args.Count >= 2:
                return Replace(Size(target), Size(args[0]), Size(args[1]));
            case "split" when target is not null:
                {
                    var size = Size(target);
                    var max = size.Max;
                    if (args.Count > 1 && args[1].Expr is Syntax.CelLiteral { Value: long limit } && limit >= 0)
                    {
                        max = (ulong)limit;
                    }

                    return (size.MultiplyByCostFactor(2 * StringTraversalCostFactor), new CelEstimate(0, max));
                }

            case "join" when target is not null:
                {
                    var size = default(CelEstimate);
                    var listSize = Size(target);
                    if (ListElement(target) is { } element)
                    {
                        size = listSize.Multiply(Size(element));
                    }

                    if (args.Count > 0)
                    {
                        var separators = new CelEstimate(listSize.Min > 0 ? listSize.Min - 1 : 0, listSize.Max > 0 ? listSize.Max - 1 : 0);
                        size = size.Add(Size(args[0]).Multiply(separators));
                    }

                    return (size.MultiplyByCostFactor(StringTraversalCostFactor), size);
                }

            case "find" or "findAll" when target is not null && args.Count >= 1:
                {
                    var size = Size(target);
                    var stringCost = size.Add(CelEstimate.Fixed(1)).MultiplyByCostFactor(StringTraversalCostFactor);
                    var regexCost = Size(args[0]).MultiplyByCostFactor(RegexStringLengthCostFactor);
                    return (stringCost.Multiply(regexCost), new CelEstimate(0, size.Max));
                }

            case "cidr" or "isIP" or "isCIDR" or "quantity" or "isQuantity" when target is not null:
                return (Size(args[0]).MultiplyByCostFactor(StringTraversalCostFactor), null);
            case "ip" when target is not null:
                return args.Count >= 1 && overloadId != "cidr_ip"
                    ? (Size(args[0]).MultiplyByCostFactor(StringTraversalCostFactor), null)
                    : (CelEstimate.Fixed(1), null);
            case "ip.isCanonical" when target is not null && args.Count >= 1:
                return (Size(args[0]).MultiplyByCostFactor(2 * StringTraversalCostFactor), null);
            case "masked" or "prefixLength" or "family" or "isUnspecified" or "isLoopback" or "isLinkLocalMulticast" or "isLinkLocalUnicast":
                return (CelEstimate.Fixed(1), null);
            case "containsIP" or "containsCIDR" when target is not null && args.Count >= 1:
                return (ContainsAddress(function, overloadId, args[0]), null);
            case "sign" or "asInteger" or "isInteger" or "asApproximateFloat" or "isGreaterThan" or "isLessThan" or "compareTo" or "add" or "sub":
                return (CelEstimate.Fixed(1), null);
            default:
                return null;
        }
    }

    private static (CelEstimate, CelEstimate?) Replace(CelEstimate size, CelEstimate toReplace, CelEstimate replaceWith)
    {
        // Longest result: the shortest matches replaced by the longest replacement; shortest result the reverse.
        var (countMax, retainedMax) = Replacements(size.Max, toReplace.Min, replaceWith.Max, grows: replaceWith.Max > toReplace.Min);
        var (countMin, retainedMin) = Replacements(size.Min, toReplace.Max, replaceWith.Min, grows: toReplace.Max > replaceWith.Min);
        var result = new CelEstimate(countMin, countMax).Multiply(replaceWith).Add(new CelEstimate(retainedMin, retainedMax));
        return (size.MultiplyByCostFactor(2 * StringTraversalCostFactor), result);
    }

    // One bound of the replace estimate: how many replacements happen and how much of the input is kept.
    private static (ulong Count, ulong Retained) Replacements(ulong size, ulong matchLength, ulong replacementLength, bool grows)
    {
        if (matchLength == 0)
        {
            // Replacing "" surrounds every character with the replacement.
            return (size < ulong.MaxValue ? size + 1 : size, size);
        }

        return grows ? ((ulong)Math.Ceiling((double)size / matchLength), 0) : (0, size);
    }

    private CelEstimate ContainsAddress(string function, string overloadId, CelCostNode other)
    {
        // IPv4 or IPv6 byte lists: 4 to 16 bytes compared.
        var bytes = new CelEstimate(4, 16);
        var cost = bytes.Add(bytes).MultiplyByCostFactor(StringTraversalCostFactor);
        if (function == "containsCIDR")
        {
            cost = cost.Add(bytes.MultiplyByCostFactor(StringTraversalCostFactor)).Add(CelEstimate.Fixed(1));
        }

        if (overloadId is "cidr_contains_ip_string" or "cidr_contains_cidr_string")
        {
            cost = cost.Add(Size(other).MultiplyByCostFactor(StringTraversalCostFactor));
        }

        return cost;
    }

    private CelEstimate Size(CelCostNode node) => node.ComputedSize ?? EstimateSize(node.Path) ?? CelEstimate.Unknown;

    private static CelCostNode? ListElement(CelCostNode list) =>
        list.Type.Parameters.Count > 0
            ? new CelCostNode(null, list.Path is null ? null : [.. list.Path, "@items"], list.Type.Parameters[0], null)
            : null;
}
