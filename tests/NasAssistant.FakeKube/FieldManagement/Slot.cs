using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>A value that may be absent, which is not the same as present and null.</summary>
internal readonly record struct Slot(bool Present, JsonNode? Value)
{
    public static Slot Absent => default;

    public static Slot Of(JsonNode? value) => new(true, value);

    public static Slot In(JsonObject? map, string key) =>
        map is not null && map.TryGetPropertyValue(key, out var value) ? Of(value) : Absent;
}
