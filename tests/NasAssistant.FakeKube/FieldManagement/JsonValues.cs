using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// The value semantics structured-merge-diff gives JSON (sigs.k8s.io/structured-merge-diff value/value.go):
/// integers and floats compare numerically, then a total order int &lt; string &lt; bool &lt; list &lt; map &lt; null.
/// </summary>
internal static class JsonValues
{
    public static bool IsFloat(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.ToJsonString().IndexOfAny(['.', 'e', 'E']) >= 0;

    public static bool IsInt(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && !IsFloat(node);

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool IsBool(JsonNode? node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    public static bool IsScalar(JsonNode? node) => node is JsonValue v && v.GetValueKind() is not JsonValueKind.Null;

    // value.EqualsUsing
    public static bool Equal(JsonNode? a, JsonNode? b) => Compare(a, b) == 0;

    // value.CompareUsing
    public static int Compare(JsonNode? a, JsonNode? b)
    {
        if (IsNumber(a) || IsNumber(b))
        {
            if (IsNumber(a) && IsNumber(b))
            {
                return IsFloat(a) || IsFloat(b) ? Number(a!).CompareTo(Number(b!)) : long.Parse(a!.ToJsonString(), CultureInfo.InvariantCulture).CompareTo(long.Parse(b!.ToJsonString(), CultureInfo.InvariantCulture));
            }

            return IsNumber(a) ? -1 : 1;
        }

        var (ra, rb) = (Rank(a), Rank(b));
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }

        switch (a)
        {
            case JsonValue when IsString(a):
                return string.CompareOrdinal(a.GetValue<string>(), b!.GetValue<string>());
            case JsonValue when IsBool(a):
                return a.GetValue<bool>().CompareTo(b!.GetValue<bool>());
            case JsonArray left:
                var right = (JsonArray)b!;
                for (var i = 0; ; i++)
                {
                    if (i >= left.Count || i >= right.Count)
                    {
                        return left.Count.CompareTo(right.Count);
                    }

                    if (Compare(left[i], right[i]) is var c and not 0)
                    {
                        return c;
                    }
                }

            case JsonObject leftMap:
                var rightMap = (JsonObject)b!;
                var keys = leftMap.Select(p => p.Key).Union(rightMap.Select(p => p.Key)).Order(StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    if (!leftMap.ContainsKey(key) || !rightMap.ContainsKey(key))
                    {
                        return leftMap.ContainsKey(key) ? -1 : 1;
                    }

                    if (Compare(leftMap[key], rightMap[key]) is var c and not 0)
                    {
                        return c;
                    }
                }

                return 0;
            default:
                return 0;
        }
    }

    /// <summary>value.ToString: strings quoted as Go's %q does, numbers and booleans bare.</summary>
    public static string Format(JsonNode? node) => node switch
    {
        null => "null",
        _ when IsString(node) => JsonSerializer.Serialize(node.GetValue<string>()),
        _ when IsFloat(node) => Number(node).ToString("R", CultureInfo.InvariantCulture),
        JsonArray array => "[" + string.Join(",", array.Select(Format)) + "]",
        JsonObject obj => string.Concat(obj.Select(p => $"{p.Key}={Format(p.Value)}")),
        _ => node.ToJsonString(),
    };

    private static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int Rank(JsonNode? node) => node switch
    {
        _ when IsString(node) => 1,
        _ when IsBool(node) => 2,
        JsonArray => 3,
        JsonObject => 4,
        _ => 5,
    };
}
