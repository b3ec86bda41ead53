using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// How Go defaulting functions decide a field is unset: a pointer field when it is nil, a plain field
/// also when it holds its zero value ("" or 0).
/// </summary>
internal static class Defaulting
{
    /// <summary>Defaults a pointer field (<c>if obj.X == nil</c>).</summary>
    public static void Pointer(JsonObject obj, string field, JsonNode value)
    {
        if (obj[field] is null)
        {
            obj[field] = value;
        }
    }

    /// <summary>Defaults a plain field (<c>if obj.X == ""</c> or <c>== 0</c>).</summary>
    public static void Value(JsonObject obj, string field, JsonNode value)
    {
        if (obj[field] is not JsonValue current || IsZero(current))
        {
            obj[field] = value;
        }
    }

    /// <summary>The object at <paramref name="field"/>, created when absent.</summary>
    public static JsonObject Object(JsonObject obj, string field)
    {
        if (obj[field] is not JsonObject child)
        {
            child = new JsonObject();
            obj[field] = child;
        }

        return child;
    }

    private static bool IsZero(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>().Length == 0,
        JsonValueKind.Number => value.ToJsonString() is "0" or "0.0",
        _ => false,
    };
}
