namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// A CEL type as cel-go's checker sees it, printed the way its error messages print types
/// (<c>int</c>, <c>list(string)</c>, <c>map(string, int)</c>, <c>google.protobuf.Timestamp</c>).
/// </summary>
internal sealed class CelType : IEquatable<CelType>
{
    private CelType(CelTypeKind kind, string name, IReadOnlyList<CelType> parameters)
    {
        Kind = kind;
        Name = name;
        Parameters = parameters;
    }

    public static CelType Dyn { get; } = new(CelTypeKind.Dyn, "dyn", []);

    public static CelType Error { get; } = new(CelTypeKind.Error, "*error*", []);

    public static CelType Null { get; } = new(CelTypeKind.Null, "null_type", []);

    public static CelType Bool { get; } = new(CelTypeKind.Bool, "bool", []);

    public static CelType Int { get; } = new(CelTypeKind.Int, "int", []);

    public static CelType Uint { get; } = new(CelTypeKind.Uint, "uint", []);

    public static CelType Double { get; } = new(CelTypeKind.Double, "double", []);

    public static CelType String { get; } = new(CelTypeKind.String, "string", []);

    public static CelType Bytes { get; } = new(CelTypeKind.Bytes, "bytes", []);

    public static CelType Timestamp { get; } = new(CelTypeKind.Timestamp, "google.protobuf.Timestamp", []);

    public static CelType Duration { get; } = new(CelTypeKind.Duration, "google.protobuf.Duration", []);

    public CelTypeKind Kind { get; }

    /// <summary>The declared type name: <c>list</c>, <c>int</c>, an object's path name, a type parameter's name.</summary>
    public string Name { get; }

    public IReadOnlyList<CelType> Parameters { get; }

    public bool IsDynOrError => Kind is CelTypeKind.Dyn or CelTypeKind.Error;

    public bool IsOptional => Kind == CelTypeKind.Opaque && Name == "optional_type";

    public static CelType List(CelType element) => new(CelTypeKind.List, "list", [element]);

    public static CelType Map(CelType key, CelType value) => new(CelTypeKind.Map, "map", [key, value]);

    public static CelType Struct(string name) => new(CelTypeKind.Struct, name, []);

    public static CelType TypeOf(CelType type) => new(CelTypeKind.Type, "type", [type]);

    public static CelType Param(string name) => new(CelTypeKind.TypeParam, name, []);

    public static CelType Opaque(string name, params CelType[] parameters) => new(CelTypeKind.Opaque, name, parameters);

    public static CelType Optional(CelType value) => Opaque("optional_type", value);

    /// <summary>A copy with new type parameters (lists, maps, type(), opaque types).</summary>
    public CelType WithParameters(IReadOnlyList<CelType> parameters) => new(Kind, Name, parameters);

    public bool Equals(CelType? other) =>
        other is not null && other.Kind == Kind && other.Name == Name && other.Parameters.SequenceEqual(Parameters);

    public override bool Equals(object? obj) => Equals(obj as CelType);

    public override int GetHashCode() => HashCode.Combine(Kind, Name, Parameters.Count);

    public override string ToString() =>
        Parameters.Count == 0 ? Name : $"{Name}({string.Join(", ", Parameters)})";
}
