using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Pods;

/// <summary>
/// Container resources: ValidateResourceRequirements, validateContainerResourceName and
/// ValidateResourceQuantityValue (pkg/apis/core/validation/validation.go). Quantities are canonical by now.
/// </summary>
internal static class ResourceRequirementsValidator
{
    public static List<FieldError> Validate(JsonNode? resources, FieldPath path, ISet<string> podClaims)
    {
        var errors = new List<FieldError>();
        var limitsPath = path.Child("limits");
        var requestsPath = path.Child("requests");
        var limits = Quantities(resources?["limits"]);
        var requests = Quantities(resources?["requests"]);
        bool limitCpuOrMemory = false, requestCpuOrMemory = false, hugePages = false;
        foreach (var (name, quantity) in limits)
        {
            var keyPath = limitsPath.Key(name);
            errors.AddRange(ContainerResourceName(name, keyPath));
            errors.AddRange(QuantityValue(name, quantity, keyPath));
            hugePages |= ResourceNames.IsHugePages(name);
            limitCpuOrMemory |= name is "cpu" or "memory";
        }

        foreach (var (name, quantity) in requests)
        {
            var keyPath = requestsPath.Key(name);
            errors.AddRange(ContainerResourceName(name, keyPath));
            errors.AddRange(QuantityValue(name, quantity, keyPath));
            if (limits.TryGetValue(name, out var limit))
            {
                if (quantity.CompareTo(limit) != 0 && !ResourceNames.OvercommitAllowed(name))
                {
                    errors.Add(FieldError.Invalid(requestsPath, GoSyntax.Quote(quantity.ToString()), $"must be equal to {name} limit of {limit}"));
                }
                else if (quantity.CompareTo(limit) > 0)
                {
                    errors.Add(FieldError.Invalid(requestsPath, GoSyntax.Quote(quantity.ToString()), $"must be less than or equal to {name} limit of {limit}"));
                }
            }
            else if (!ResourceNames.OvercommitAllowed(name))
            {
                errors.Add(Checks.Required(limitsPath, "Limit must be set for non overcommitable resources"));
            }

            hugePages |= ResourceNames.IsHugePages(name);
            requestCpuOrMemory |= name is "cpu" or "memory";
        }

        if (!limitCpuOrMemory && !requestCpuOrMemory && hugePages)
        {
            errors.Add(Checks.Forbidden(path, "HugePages require cpu or memory"));
        }

        errors.AddRange(ClaimNames(resources?["claims"], path.Child("claims"), podClaims));
        return errors;
    }

    /// <summary>
    /// validateContainerResourceName (with validateResourceName first). core.ResourceName is a Stringer,
    /// so field errors print it unquoted.
    /// </summary>
    public static List<FieldError> ContainerResourceName(string name, FieldPath path)
    {
        var errors = Names.QualifiedName(name).Select(m => FieldError.Invalid(path, name, m)).ToList();
        if (errors.Count == 0 && !name.Contains('/', StringComparison.Ordinal) && !ResourceNames.IsStandard(name))
        {
            errors.Add(FieldError.Invalid(path, name, "must be a standard resource type or fully qualified"));
        }

        if (!name.Contains('/', StringComparison.Ordinal))
        {
            if (!ResourceNames.IsStandardContainer(name))
            {
                errors.Add(FieldError.Invalid(path, name, "must be a standard resource for containers"));
            }
        }
        else if (!ResourceNames.IsNative(name) && !ResourceNames.IsExtended(name))
        {
            errors.Add(FieldError.Invalid(path, name, "doesn't follow extended resource name standard"));
        }

        return errors;
    }

    /// <summary>ValidateResourceQuantityValue: not negative, and whole for integer resources.</summary>
    public static IEnumerable<FieldError> QuantityValue(string name, Quantity quantity, FieldPath path)
    {
        if (quantity.Sign < 0)
        {
            yield return FieldError.Invalid(path, GoSyntax.Quote(quantity.ToString()), Checks.NegativeMessage);
        }

        if (ResourceNames.IsInteger(name) && !(quantity.ScaledValue(-3) % 1000).IsZero)
        {
            yield return FieldError.Invalid(path, quantity.ToString(), "must be an integer");
        }
    }

    /// <summary>The quantities of a resource list, by name in ordinal order.</summary>
    public static SortedDictionary<string, Quantity> Quantities(JsonNode? list)
    {
        var result = new SortedDictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (name, text) in JsonRead.Map(list))
        {
            if (Quantity.Parse(text, out _) is { } quantity)
            {
                result[name] = quantity;
            }
        }

        return result;
    }

    // validateResourceClaimNames: each claim names an entry of spec.resourceClaims, once.
    private static List<FieldError> ClaimNames(JsonNode? claims, FieldPath path, ISet<string> podClaims)
    {
        var errors = new List<FieldError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = JsonRead.Objects(claims);
        for (var i = 0; i < list.Count; i++)
        {
            var name = JsonRead.Text(list[i]["name"]);
            if (name.Length == 0)
            {
                errors.Add(Checks.Required(path.Index(i)));
                continue;
            }

            if (!seen.Add(name))
            {
                errors.Add(FieldError.Duplicate(path.Index(i), GoSyntax.Quote(name)));
            }

            if (!podClaims.Contains(name))
            {
                var known = podClaims.Count == 0 ? " which is empty" : ": " + string.Join(", ", podClaims.Order(StringComparer.Ordinal));
                errors.Add(FieldError.NotFound(path.Index(i), GoSyntax.Quote(name)) with
                {
                    Message = $"Not found: {GoSyntax.Quote(name)}: must be one of the names in pod.spec.resourceClaims{known}",
                });
            }
        }

        return errors;
    }
}
