using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// <c>metadata.managedFields</c> to owned field sets and back (managedfields/internal/managedfields.go
/// DecodeManagedFields, encodeManagedFields and their sort order).
/// </summary>
internal static class ManagedFieldsCodec
{
    public const string FieldsType = "FieldsV1";

    /// <summary>Decodes entries; a malformed entry is a <see cref="FormatException"/> with the server's words.</summary>
    public static ManagedFieldSets Decode(JsonNode? entries)
    {
        var managed = new ManagedFieldSets();
        var list = entries as JsonArray ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var entry = list[i] as JsonObject ?? throw new FormatException("managed fields entry must be an object");
            var operation = Text(entry, "operation");
            if (operation is not (ManagerKey.Apply or ManagerKey.Update))
            {
                throw new FormatException("operation must be `Apply` or `Update`");
            }

            var apiVersion = Text(entry, "apiVersion");
            if (apiVersion.Length == 0)
            {
                throw new FormatException("apiVersion must not be empty");
            }

            switch (Text(entry, "fieldsType"))
            {
                case FieldsType:
                    break;
                case "":
                    throw new FormatException($"missing fieldsType in managed fields entry {i}");
                case var other:
                    throw new FormatException($"invalid fieldsType \"{other}\" in managed fields entry {i}");
            }

            var key = new ManagerKey(Text(entry, "manager"), operation, operation == ManagerKey.Apply ? string.Empty : apiVersion, Text(entry, "subresource"));
            managed.Fields[key] = new VersionedSet(FieldSet.FromFieldsV1(entry["fieldsV1"] as JsonObject ?? []), apiVersion, operation == ManagerKey.Apply);
            managed.Times[key] = entry["time"] is JsonValue time && time.GetValueKind() == JsonValueKind.String ? time.GetValue<string>() : null;
        }

        return managed;
    }

    /// <summary>The entries, sorted by operation, time, manager, apiVersion and subresource; null when none.</summary>
    public static JsonArray? Encode(ManagedFieldSets managed)
    {
        if (managed.Fields.Count == 0)
        {
            return null;
        }

        var entries = managed.Fields
            .Select(f => (Key: f.Key, Set: f.Value, Time: managed.Times.GetValueOrDefault(f.Key)))
            .OrderBy(e => e.Set.Applied ? ManagerKey.Apply : ManagerKey.Update, StringComparer.Ordinal)
            .ThenBy(e => Seconds(e.Time))
            .ThenBy(e => e.Key.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.Set.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Subresource, StringComparer.Ordinal);
        var result = new JsonArray();
        foreach (var (key, set, time) in entries)
        {
            var entry = new JsonObject();
            if (key.Manager.Length > 0)
            {
                entry["manager"] = key.Manager;
            }

            entry["operation"] = set.Applied ? ManagerKey.Apply : ManagerKey.Update;
            entry["apiVersion"] = set.ApiVersion;
            if (time is not null)
            {
                entry["time"] = time;
            }

            entry["fieldsType"] = FieldsType;
            entry["fieldsV1"] = set.Set.ToFieldsV1();
            if (key.Subresource.Length > 0)
            {
                entry["subresource"] = key.Subresource;
            }

            result.Add(entry);
        }

        return result;
    }

    /// <summary>isResetManagedFields: an empty list, or a list of one empty entry, asks to clear them.</summary>
    public static bool IsReset(JsonNode? entries) =>
        entries is JsonArray { Count: 0 } || entries is JsonArray { Count: 1 } list && list[0] is JsonObject { Count: 0 };

    public static long Seconds(string? time) =>
        time is not null && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUnixTimeSeconds() : 0;

    private static string Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
}
