using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.Operator.Controller;

/// <summary>
/// One object in an <see cref="ObjectCache"/>: its JSON as UTF-8, and the metadata the cache itself decides by
/// (namespace, resourceVersion, labels), so that deciding never parses.
/// </summary>
internal sealed class CachedObject
{
    private readonly byte[] _json;
    private readonly Dictionary<string, string>? _labels;

    private CachedObject(byte[] json, string ns, string? resourceVersion, Dictionary<string, string>? labels)
    {
        _json = json;
        Namespace = ns;
        ResourceVersion = resourceVersion;
        _labels = labels;
    }

    public string Namespace { get; }

    public string? ResourceVersion { get; }

    public static CachedObject Of(JsonObject obj) => new(
        JsonSerializer.SerializeToUtf8Bytes(obj, Json.OperatorJsonContext.Default.JsonObject),
        ObjectMeta.Namespace(obj),
        ObjectMeta.ResourceVersion(obj),
        LabelsOf(obj));

    public string? Label(string key) => _labels?.GetValueOrDefault(key);

    private static Dictionary<string, string>? LabelsOf(JsonObject obj) =>
        obj["metadata"]?["labels"] is JsonObject labels
            ? labels.Where(label => label.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                .ToDictionary(label => label.Key, label => label.Value!.GetValue<string>(), StringComparer.Ordinal)
            : null;

    /// <summary>A fresh copy of the object, the caller's to keep or change.</summary>
    public JsonObject Read() => JsonNode.Parse(_json)!.AsObject();
}
