using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// What a Go API type declares about one field beyond its JSON shape: the <c>+listType</c>,
/// <c>+listMapKey</c> and <c>+mapType</c> markers, the <c>patchStrategy</c>/<c>patchMergeKey</c> struct
/// tags, whether it is required (no omitempty, no +optional), its <c>+default</c>, and how it appears
/// in the Go zero value.
/// </summary>
internal sealed record FieldTags(string Name)
{
    public string? ListType { get; init; }

    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    public string? PatchStrategy { get; init; }

    public string? PatchMergeKey { get; init; }

    public string? MapType { get; init; }

    public bool IsRequired { get; init; }

    public GoZero Zero { get; init; }

    public JsonNode? DefaultValue { get; init; }

    /// <summary>A metav1.MicroTime rather than a metav1.Time (both are DateTime in the client models).</summary>
    public bool IsMicroTime { get; init; }

    /// <summary><c>+listType=map</c> with its <c>+listMapKey</c>s.</summary>
    public FieldTags MapList(params string[] keys) => this with { ListType = "map", ListMapKeys = keys };

    /// <summary><c>+listType=set</c>.</summary>
    public FieldTags SetList() => this with { ListType = "set" };

    /// <summary><c>+listType=atomic</c>.</summary>
    public FieldTags AtomicList() => this with { ListType = "atomic" };

    /// <summary><c>+mapType=atomic</c> on a map field.</summary>
    public FieldTags AtomicMap() => this with { MapType = "atomic" };

    /// <summary><c>+mapType=granular</c> on a map field.</summary>
    public FieldTags GranularMap() => this with { MapType = "granular" };

    /// <summary><c>patchStrategy:"merge"</c>, with <c>patchMergeKey</c> for lists of objects.</summary>
    public FieldTags Merge(string? mergeKey = null) => this with { PatchStrategy = "merge", PatchMergeKey = mergeKey };

    /// <summary><c>patchStrategy:"merge,retainKeys"</c>.</summary>
    public FieldTags MergeRetainKeys(string mergeKey) => this with { PatchStrategy = "merge,retainKeys", PatchMergeKey = mergeKey };

    /// <summary><c>patchStrategy:"retainKeys"</c>.</summary>
    public FieldTags RetainKeys() => this with { PatchStrategy = "retainKeys" };

    public FieldTags Required() => this with { IsRequired = true };

    /// <summary>A non-pointer struct field.</summary>
    public FieldTags Struct() => this with { Zero = GoZero.EmptyObject };

    /// <summary>A slice, map or pointer field without omitempty.</summary>
    public FieldTags NullWhenZero() => this with { Zero = GoZero.Null };

    public FieldTags Default(JsonNode value) => this with { DefaultValue = value };

    public FieldTags MicroTime() => this with { IsMicroTime = true };
}
