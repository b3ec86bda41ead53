namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>The ported markers of one Go API type (by OpenAPI definition name) and of its fields.</summary>
internal sealed record TypeTags(string Definition, IReadOnlyList<FieldTags> Fields)
{
    /// <summary><c>+structType=atomic</c>: the whole struct is owned and replaced as one value.</summary>
    public bool IsAtomicStruct { get; init; }

    public static TypeTags Of(string definition, params FieldTags[] fields) => new(definition, fields);

    public static TypeTags AtomicStruct(string definition, params FieldTags[] fields) => new(definition, fields) { IsAtomicStruct = true };

    public static FieldTags F(string name) => new(name);
}
