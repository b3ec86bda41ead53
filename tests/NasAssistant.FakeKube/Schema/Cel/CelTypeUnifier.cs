namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// Assignability and type-parameter unification as cel-go's checker does them
/// (<c>checker/types.go</c>: <c>internalIsAssignable</c>, <c>isValidTypeSubstitution</c>, <c>substitute</c>,
/// <c>mostGeneral</c>).
/// </summary>
internal static class CelTypeUnifier
{
    /// <summary>Whether a value of <paramref name="source"/> may be used where <paramref name="target"/> is expected; binds type parameters in <paramref name="bindings"/>.</summary>
    public static bool IsAssignable(CelTypeSubstitutions bindings, CelType target, CelType source)
    {
        if (TypeParamAssignable(bindings, target, source) is { } decided)
        {
            return decided;
        }

        if (target.IsDynOrError || source.IsDynOrError)
        {
            return true;
        }

        if (target.Kind == CelTypeKind.Null)
        {
            return IsNullable(source);
        }

        if (source.Kind == CelTypeKind.Null)
        {
            return IsNullable(target);
        }

        return target.Kind switch
        {
            CelTypeKind.Type => source.Kind == CelTypeKind.Type,
            CelTypeKind.Opaque or CelTypeKind.List or CelTypeKind.Map =>
                target.Kind == source.Kind && target.Name == source.Name && IsAssignableList(bindings, target.Parameters, source.Parameters),
            _ => target.Kind == source.Kind && target.Name == source.Name,
        };
    }

    public static bool IsAssignableList(CelTypeSubstitutions bindings, IReadOnlyList<CelType> targets, IReadOnlyList<CelType> sources)
    {
        if (targets.Count != sources.Count)
        {
            return false;
        }

        for (var i = 0; i < targets.Count; i++)
        {
            if (!IsAssignable(bindings, targets[i], sources[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Replaces bound type parameters; unbound ones become <c>dyn</c> when <paramref name="unboundToDyn"/>.</summary>
    public static CelType Substitute(CelTypeSubstitutions bindings, CelType type, bool unboundToDyn)
    {
        if (bindings.TryFind(type, out var bound))
        {
            return Substitute(bindings, bound, unboundToDyn);
        }

        if (unboundToDyn && type.Kind == CelTypeKind.TypeParam)
        {
            return CelType.Dyn;
        }

        return type.Parameters.Count == 0
            ? type
            : type.WithParameters(type.Parameters.Select(p => Substitute(bindings, p, unboundToDyn)).ToList());
    }

    /// <summary>The less specific of two types known to unify (dyn and type parameters are least specific).</summary>
    public static CelType MostGeneral(CelType first, CelType second) => IsEqualOrLessSpecific(first, second) ? first : second;

    private static bool? TypeParamAssignable(CelTypeSubstitutions bindings, CelType target, CelType source)
    {
        if (source.Kind == CelTypeKind.TypeParam)
        {
            var (valid, hasBinding) = ValidSubstitution(bindings, target, source);
            if (valid)
            {
                return true;
            }

            if (hasBinding)
            {
                return false;
            }
        }

        if (target.Kind == CelTypeKind.TypeParam)
        {
            return ValidSubstitution(bindings, source, target).Valid;
        }

        return null;
    }

    private static (bool Valid, bool HasBinding) ValidSubstitution(CelTypeSubstitutions bindings, CelType type, CelType parameter)
    {
        if (type.Equals(parameter))
        {
            return (true, true);
        }

        if (bindings.TryFind(parameter, out var bound))
        {
            if (type.Equals(bound))
            {
                return (true, true);
            }

            if (IsAssignable(bindings, type, bound))
            {
                var widened = MostGeneral(type, bound);
                if (NotReferencedIn(bindings, parameter, widened))
                {
                    bindings.Add(parameter, widened);
                }

                return (true, true);
            }

            return (false, true);
        }

        if (NotReferencedIn(bindings, parameter, type))
        {
            bindings.Add(parameter, type);
            return (true, false);
        }

        return (false, false);
    }

    private static bool IsNullable(CelType type) =>
        type.Kind is CelTypeKind.Null or CelTypeKind.Opaque or CelTypeKind.Struct or CelTypeKind.Duration or CelTypeKind.Timestamp;

    private static bool IsEqualOrLessSpecific(CelType first, CelType second)
    {
        if (first.Kind is CelTypeKind.Dyn or CelTypeKind.TypeParam)
        {
            return true;
        }

        if (second.Kind is CelTypeKind.Dyn or CelTypeKind.TypeParam || first.Kind != second.Kind)
        {
            return false;
        }

        return first.Kind switch
        {
            CelTypeKind.Type => true,
            CelTypeKind.Opaque or CelTypeKind.List or CelTypeKind.Map =>
                first.Name == second.Name
                && first.Parameters.Count == second.Parameters.Count
                && first.Parameters.Zip(second.Parameters).All(p => IsEqualOrLessSpecific(p.First, p.Second)),
            _ => first.Equals(second),
        };
    }

    private static bool NotReferencedIn(CelTypeSubstitutions bindings, CelType parameter, CelType within)
    {
        if (parameter.Equals(within))
        {
            return false;
        }

        if (within.Kind == CelTypeKind.TypeParam)
        {
            return !bindings.TryFind(within, out var bound) || NotReferencedIn(bindings, parameter, bound);
        }

        return within.Parameters.All(p => NotReferencedIn(bindings, parameter, p));
    }
}
