using System.Text.Json.Nodes;

namespace NasAssistant.Operator.Controller;

/// <summary>Reads the metadata fields the controller needs from raw JSON objects.</summary>
internal static class ObjectMeta
{
    public static string Namespace(JsonObject obj) => Field(obj, "namespace") ?? string.Empty;

    public static string Name(JsonObject obj) => Field(obj, "name") ?? string.Empty;

    public static string? ResourceVersion(JsonObject obj) => Field(obj, "resourceVersion");

    public static string? Uid(JsonObject obj) => Field(obj, "uid");

    /// <summary>Cache key: <c>namespace/name</c>, or <c>name</c> for cluster-scoped objects.</summary>
    public static string CacheKey(JsonObject obj) => CacheKey(Namespace(obj), Name(obj));

    public static string CacheKey(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static string? Label(JsonObject obj, string label) =>
        obj["metadata"]?["labels"]?[label] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static IEnumerable<JsonObject> OwnerReferences(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray owners ? owners.OfType<JsonObject>() : [];

    private static string? Field(JsonObject obj, string field) =>
        obj["metadata"]?[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
