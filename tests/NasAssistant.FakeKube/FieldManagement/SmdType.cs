using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// How structured-merge-diff sees a schema node, converted as k8s.io/kube-openapi's schemaconv does
/// (pkg/schemaconv/openapi.go VisitSpec): objects with properties are maps of named fields, additional
/// properties (or preserve-unknown-fields) give the type of other keys, <c>x-kubernetes-map-type</c>
/// makes a map atomic; lists are atomic unless <c>x-kubernetes-list-type</c> (or, failing that, a merge
/// patch strategy) makes them associative; anything untyped is deduced from its value.
/// </summary>
internal sealed class SmdType
{
    private readonly SchemaView? _view;
    private readonly bool _preserveUnknown;

    private SmdType(SmdKind kind, SchemaView? view, bool preserveUnknown)
    {
        Kind = kind;
        _view = view;
        _preserveUnknown = preserveUnknown;
    }

    public static SmdType Deduced { get; } = new(SmdKind.Deduced, null, true);

    public SmdKind Kind { get; }

    /// <summary>A map with atomic element relationship, or an atomic list.</summary>
    public bool IsAtomic => Kind switch
    {
        SmdKind.Map => _view?.MapType == "atomic",
        SmdKind.List => !IsAssociative,
        _ => false,
    };

    public bool IsAssociative => Kind == SmdKind.List && _view is { } view && (view.ListType is "set" or "map" || (view.ListType is null && view.PatchStrategy is "merge" or "merge,retainKeys"));

    /// <summary>The keys of an associative list of objects; empty for a set.</summary>
    public IReadOnlyList<string> Keys => !IsAssociative || _view is not { } view ? []
        : view.ListType == "map" ? view.ListMapKeys
        : view.ListType is null && view.PatchMergeKey is { } key ? [key]
        : [];

    /// <summary>The element type of a list, or of a map's undeclared keys (null when they are not allowed).</summary>
    public SmdType? Element
    {
        get
        {
            if (Kind == SmdKind.Deduced || _view is not { } view)
            {
                return Deduced;
            }

            if (Kind == SmdKind.List)
            {
                return view.Items is { } items ? Of(items, _preserveUnknown) : Deduced;
            }

            if (Kind != SmdKind.Map)
            {
                return null;
            }

            return view.AdditionalPropertiesAllowed switch
            {
                null => _preserveUnknown || !view.HasProperties ? Deduced : null,
                true => view.AdditionalProperties is { } values ? Of(values, _preserveUnknown) : Deduced,
                false => null,
            };
        }
    }

    public static SmdType Of(SchemaView view, bool preserveUnknown = false)
    {
        preserveUnknown |= view.PreservesUnknownFields;
        return view.Type switch
        {
            "" => view.HasProperties ? new SmdType(SmdKind.Map, view, preserveUnknown) : Deduced,
            "object" => new SmdType(SmdKind.Map, view, preserveUnknown),
            "array" => new SmdType(SmdKind.List, view, preserveUnknown),
            _ => new SmdType(SmdKind.Scalar, view, preserveUnknown),
        };
    }

    /// <summary>deduceAtom: a deduced type takes the shape of the value (a map of deduced, an atomic list, a scalar).</summary>
    public SmdType For(JsonNode? value) => Kind != SmdKind.Deduced ? this : value switch
    {
        JsonObject => DeducedMap,
        JsonArray => DeducedList,
        _ => DeducedScalar,
    };

    public bool HasField(string name) => Kind == SmdKind.Map && _view?.PropertyNode(name) is not null;

    /// <summary>The type of a declared field, else the element type of other keys (null: not declared).</summary>
    public SmdType? FieldOrElement(string name) =>
        Kind == SmdKind.Map && _view?.Property(name) is { } field ? Of(field, _preserveUnknown) : Element;

    /// <summary>A field's declared default (list map keys fall back to it, e.g. protocol TCP).</summary>
    public JsonNode? FieldDefault(string name) => _view?.PropertyNode(name)?["default"];

    /// <summary>The scalar's declared JSON type ("string", "integer", "number", "boolean"; "" when untyped).</summary>
    public string ScalarType => _view is { } view && view.Node["format"]?.GetValue<string>() is null or "" or "byte" ? view.Type : string.Empty;

    private static SmdType DeducedMap { get; } = new(SmdKind.Map, null, true);

    private static SmdType DeducedList { get; } = new(SmdKind.List, null, true);

    private static SmdType DeducedScalar { get; } = new(SmdKind.Scalar, null, true);
}
