namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>One overload of a CEL function: its id, call style, argument types (target first for members) and result.</summary>
internal sealed record CelOverload(string Id, bool IsMember, IReadOnlyList<CelType> Args, CelType Result)
{
    /// <summary>The type parameters (A, B, K, V, ...) the signature mentions.</summary>
    public IReadOnlyList<string> TypeParams { get; } = Args.Append(Result).SelectMany(TypeParamsOf).Distinct(StringComparer.Ordinal).ToList();

    private static IEnumerable<string> TypeParamsOf(CelType type) =>
        type.Kind == CelTypeKind.TypeParam ? [type.Name] : type.Parameters.SelectMany(TypeParamsOf);
}
