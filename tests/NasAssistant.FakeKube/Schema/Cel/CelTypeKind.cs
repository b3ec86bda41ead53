namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>The kinds of CEL type the checker distinguishes (cel-go's <c>types.Kind</c>).</summary>
internal enum CelTypeKind
{
    Dyn,
    Error,
    Null,
    Bool,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Timestamp,
    Duration,
    List,
    Map,
    Struct,
    Type,
    TypeParam,
    Opaque,
}
