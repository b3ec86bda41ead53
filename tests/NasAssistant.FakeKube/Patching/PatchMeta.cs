using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Patching;

/// <summary>
/// The patch metadata of one field, as strategicpatch's LookupPatchMeta reads it from the schema:
/// the field's schema, its patch strategy (without <c>retainKeys</c>) and merge key.
/// </summary>
internal sealed record PatchMeta(SchemaView? Schema, string Strategy, string MergeKey)
{
    public static PatchMeta None { get; } = new(null, string.Empty, string.Empty);

    /// <summary>LookupPatchMetadataForStruct/ForSlice: a declared property, or a map's value schema.</summary>
    public static PatchMeta Of(SchemaView? parent, string key)
    {
        if (parent is not { } schema)
        {
            return None;
        }

        var field = schema.Property(key) ?? schema.AdditionalProperties;
        if (field is not { } view)
        {
            return None;
        }

        // extractRetainKeysPatchStrategy: "retainKeys" only marks the $retainKeys directive as expected.
        var strategies = (view.PatchStrategy ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var strategy = strategies.FirstOrDefault(s => s != "retainKeys") ?? string.Empty;
        return new PatchMeta(view, strategy, view.PatchMergeKey ?? string.Empty);
    }

    /// <summary>The schema of list elements (a slice's subschema is its item type).</summary>
    public SchemaView? Element => Schema?.Items ?? Schema;
}
