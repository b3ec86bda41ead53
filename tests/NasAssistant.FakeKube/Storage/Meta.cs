using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Storage;

/// <summary>Accessors for the <c>metadata</c> of objects held as JSON.</summary>
internal static class Meta
{
    public static JsonObject Of(JsonObject obj) => Section(obj, "metadata");

    /// <summary>A top-level object field such as <c>spec</c> or <c>status</c>, created when missing.</summary>
    public static JsonObject Section(JsonObject obj, string field)
    {
        if (obj[field] is not JsonObject section)
        {
            section = new JsonObject();
            obj[field] = section;
        }

        return section;
    }

    public static string? String(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject meta && meta[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    public static string Name(JsonObject obj) => String(obj, "name") ?? string.Empty;

    public static string Namespace(JsonObject obj) => String(obj, "namespace") ?? string.Empty;

    public static string Uid(JsonObject obj) => String(obj, "uid") ?? string.Empty;

    public static long Generation(JsonObject obj) => JsonRead.Integer(obj["metadata"]?["generation"]) ?? 0;

    public static bool IsDeleting(JsonObject obj) => String(obj, "deletionTimestamp") is not null;

    /// <summary>metadata.deletionGracePeriodSeconds, null when unset.</summary>
    public static long? DeletionGracePeriodSeconds(JsonObject obj) => JsonRead.Integer(obj["metadata"]?["deletionGracePeriodSeconds"]);

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) => StringMap(obj["metadata"]?["labels"]);

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray array
            ? array.Select(n => n?.GetValue<string>() ?? string.Empty).ToList()
            : [];

    public static void SetFinalizers(JsonObject obj, IReadOnlyList<string> finalizers)
    {
        var meta = Of(obj);
        if (finalizers.Count == 0)
        {
            meta.Remove("finalizers");
        }
        else
        {
            meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
    }

    public static IEnumerable<JsonObject> OwnerReferences(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray refs ? refs.OfType<JsonObject>() : [];

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    map[key] = v.GetValue<string>();
                }
            }
        }

        return map;
    }

    /// <summary>RFC 3339 in UTC with second precision, as metav1.Time serialises.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
