using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// One step of a field path (sigs.k8s.io/structured-merge-diff fieldpath/element.go): a field name, the
/// key fields of an associative list item, the value of a set item, or an index into an atomic list.
/// </summary>
internal sealed class PathElement : IComparable<PathElement>, IEquatable<PathElement>
{
    private PathElement(string? fieldName, IReadOnlyList<KeyValuePair<string, JsonNode?>>? key, JsonNode? value, bool isValue, int? index)
    {
        FieldName = fieldName;
        Key = key;
        Value = value;
        IsValue = isValue;
        Index = index;
    }

    public string? FieldName { get; }

    /// <summary>The key fields of an associative list item, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>>? Key { get; }

    public JsonNode? Value { get; }

    public bool IsValue { get; }

    public int? Index { get; }

    public static PathElement Field(string name) => new(name, null, null, false, null);

    public static PathElement KeyOf(IEnumerable<KeyValuePair<string, JsonNode?>> fields) =>
        new(null, fields.Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value?.DeepClone())).OrderBy(f => f.Key, StringComparer.Ordinal).ToList(), null, false, null);

    public static PathElement ValueOf(JsonNode? value) => new(null, null, value?.DeepClone(), true, null);

    public static PathElement IndexOf(int index) => new(null, null, null, false, index);

    // PathElement.Compare: field names, then keys, then values, then indices.
    public int CompareTo(PathElement? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (FieldName is not null || other.FieldName is not null)
        {
            return FieldName is null ? 1 : other.FieldName is null ? -1 : string.CompareOrdinal(FieldName, other.FieldName);
        }

        if (Key is not null || other.Key is not null)
        {
            return Key is null ? 1 : other.Key is null ? -1 : CompareKeys(Key, other.Key);
        }

        if (IsValue || other.IsValue)
        {
            return !IsValue ? 1 : !other.IsValue ? -1 : JsonValues.Compare(Value, other.Value);
        }

        return (Index ?? int.MaxValue).CompareTo(other.Index ?? int.MaxValue);
    }

    public bool Equals(PathElement? other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is PathElement other && Equals(other);

    public override int GetHashCode() => FieldName?.GetHashCode(StringComparison.Ordinal) ?? Index ?? 0;

    /// <summary>As fieldpath prints it in conflicts: <c>.spec</c>, <c>[name="app"]</c>, <c>[="a"]</c>, <c>[0]</c>.</summary>
    public override string ToString() =>
        FieldName is not null ? "." + FieldName
        : Key is not null ? "[" + string.Join(",", Key.Select(k => $"{k.Key}={JsonValues.Format(k.Value)}")) + "]"
        : IsValue ? $"[={JsonValues.Format(Value)}]"
        : $"[{Index?.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>The FieldsV1 key (fieldpath/serialize-pe.go): <c>f:name</c>, <c>k:{"name":"app"}</c>, <c>v:"a"</c>, <c>i:0</c>.</summary>
    public string Serialize()
    {
        if (FieldName is not null)
        {
            return "f:" + FieldName;
        }

        if (Key is not null)
        {
            var builder = new StringBuilder("k:{");
            for (var i = 0; i < Key.Count; i++)
            {
                builder.Append(i > 0 ? "," : string.Empty).Append(JsonValue.Create(Key[i].Key).ToJsonString(Json.Compact)).Append(':')
                    .Append(Key[i].Value?.ToJsonString(Json.Compact) ?? "null");
            }

            return builder.Append('}').ToString();
        }

        return IsValue ? "v:" + (Value?.ToJsonString(Json.Compact) ?? "null") : "i:" + Index?.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>DeserializePathElement; null for an unknown prefix (ignored, as the real decoder does).</summary>
    public static PathElement? Parse(string text)
    {
        if (text.Length < 2 || text[1] != ':')
        {
            throw new FormatException($"key must be 2 characters long: {text}");
        }

        var body = text[2..];
        return text[0] switch
        {
            'f' => Field(body),
            'v' => ValueOf(JsonNode.Parse(body)),
            'k' => KeyOf(JsonNode.Parse(body)!.AsObject().Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value))),
            'i' => IndexOf(int.Parse(body, CultureInfo.InvariantCulture)),
            _ => null,
        };
    }

    private static int CompareKeys(IReadOnlyList<KeyValuePair<string, JsonNode?>> a, IReadOnlyList<KeyValuePair<string, JsonNode?>> b)
    {
        for (var i = 0; ; i++)
        {
            if (i >= a.Count || i >= b.Count)
            {
                return a.Count.CompareTo(b.Count);
            }

            if (string.CompareOrdinal(a[i].Key, b[i].Key) is var c and not 0)
            {
                return c;
            }

            if (JsonValues.Compare(a[i].Value, b[i].Value) is var v and not 0)
            {
                return v;
            }
        }
    }
}
