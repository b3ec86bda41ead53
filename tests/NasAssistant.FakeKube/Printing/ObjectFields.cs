using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Selectors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Printing;

/// <summary>Reads the fields printers use by path, with Go's zero values for what is missing.</summary>
internal static class ObjectFields
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    public static string Text(JsonNode? node, params string[] path) => JsonRead.Text(At(node, path));

    public static long Number(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;

    public static bool Flag(JsonNode? node, params string[] path) => JsonRead.Bool(At(node, path)) == true;

    public static IReadOnlyList<JsonObject> Items(JsonNode? node, params string[] path) => JsonRead.Objects(At(node, path));

    public static int Count(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonObject map => map.Count,
        JsonArray list => list.Count,
        _ => 0,
    };

    /// <summary>translateTimestampSince: the object's age in HumanDuration form.</summary>
    public static string Age(JsonObject obj, DateTimeOffset now) =>
        HumanDuration.Since(Meta.String(obj, "creationTimestamp"), now, HumanDuration.Long);

    /// <summary>An IntOrString as its String(): the number or the text.</summary>
    public static string IntOrString(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<long>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => "0",
    };

    /// <summary>labels.FormatLabels: <c>k=v</c> pairs sorted by key, or <c>&lt;none&gt;</c>.</summary>
    public static string FormatLabels(JsonNode? labels)
    {
        var pairs = Meta.StringMap(labels).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}").ToList();
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs);
    }

    /// <summary>metav1.FormatLabelSelector: the selector's string form, or <c>&lt;none&gt;</c> when empty.</summary>
    public static string FormatLabelSelector(JsonNode? selector)
    {
        var text = SelectorString(selector);
        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary>LabelSelectorAsSelector(...).String(): empty for a missing or empty selector.</summary>
    public static string SelectorString(JsonNode? selector) => selector is JsonObject obj ? LabelSelector.Format(obj) : string.Empty;

    /// <summary>layoutContainerCells: container names and images, comma-separated.</summary>
    public static (string Names, string Images) ContainerCells(JsonNode? podSpec)
    {
        var containers = Items(podSpec, "containers");
        return (string.Join(",", containers.Select(c => Text(c, "name"))), string.Join(",", containers.Select(c => Text(c, "image"))));
    }
}
