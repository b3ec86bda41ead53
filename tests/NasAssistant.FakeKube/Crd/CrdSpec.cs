using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// A v1 CRD spec as validation sees it after conversion to the internal version
/// (<c>Convert_v1_CustomResourceDefinitionSpec_To_apiextensions_CustomResourceDefinitionSpec</c>): when
/// every version has the same schema, subresources or printer columns, they move to the top level,
/// which is why errors then name <c>spec.validation</c>, <c>spec.subresources</c> and
/// <c>spec.additionalPrinterColumns</c> rather than a version.
/// </summary>
internal sealed class CrdSpec
{
    private readonly bool _schemaHoisted;
    private readonly bool _subresourcesHoisted;
    private readonly bool _columnsHoisted;

    public CrdSpec(JsonObject spec)
    {
        Spec = spec;
        Versions = (spec["versions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (Versions.Count == 0)
        {
            return;
        }

        _schemaHoisted = Versions.All(v => JsonNode.DeepEquals(v["schema"], Versions[0]["schema"]));
        _subresourcesHoisted = Versions.All(v => JsonNode.DeepEquals(v["subresources"], Versions[0]["subresources"]));

        // Semantic equality treats a missing list and an empty one alike.
        _columnsHoisted = Versions.All(v => JsonNode.DeepEquals(Columns(v), Columns(Versions[0])));
        Validation = _schemaHoisted ? Versions[0]["schema"] as JsonObject : null;
        Subresources = _subresourcesHoisted ? Versions[0]["subresources"] as JsonObject : null;
        PrinterColumns = _columnsHoisted ? Columns(Versions[0]) : null;
    }

    public JsonObject Spec { get; }

    public IReadOnlyList<JsonObject> Versions { get; }

    /// <summary>The top-level schema (<c>spec.validation</c>), when shared by all versions.</summary>
    public JsonObject? Validation { get; }

    public JsonObject? Subresources { get; }

    public JsonArray? PrinterColumns { get; }

    public bool AnyStatusEnabled => HasStatus(Subresources) || Versions.Any(v => HasStatus(VersionSubresources(v)));

    public JsonObject? VersionSchema(JsonObject version) => _schemaHoisted ? null : version["schema"] as JsonObject;

    public JsonObject? VersionSubresources(JsonObject version) => _subresourcesHoisted ? null : version["subresources"] as JsonObject;

    public JsonArray? VersionColumns(JsonObject version) => _columnsHoisted ? null : Columns(version);

    /// <summary>The schema that applies to a version, top-level or its own.</summary>
    public JsonObject? SchemaFor(JsonObject version) => Validation ?? VersionSchema(version);

    /// <summary>Whether the status subresource applies to the version (<c>getSubresourcesForVersion</c>).</summary>
    public bool StatusEnabled(JsonObject version) => HasStatus(_subresourcesHoisted ? Subresources : VersionSubresources(version));

    public static bool HasStatus(JsonObject? subresources) => subresources?["status"] is JsonObject;

    private static JsonArray? Columns(JsonObject version) =>
        version["additionalPrinterColumns"] is JsonArray { Count: > 0 } columns ? columns : null;
}
