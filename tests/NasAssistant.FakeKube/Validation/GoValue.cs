using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// Bad values rendered as field.Error prints them: strings with Go's <c>%q</c>, numbers and booleans
/// bare, and other values in Go syntax (<c>%#v</c>), e.g. <c>map[string]string{"app":"web"}</c>.
/// </summary>
internal static class GoValue
{
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A JSON scalar as the Go field it decodes into would print: strings quoted, numbers bare.</summary>
    public static string Scalar(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => GoSyntax.Quote(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => "\"null\"",
    };

    /// <summary>A <c>map[string]string</c>: nil when absent, keys sorted as fmt prints maps.</summary>
    public static string StringMap(JsonNode? node)
    {
        if (node is not JsonObject map)
        {
            return "map[string]string(nil)";
        }

        var entries = map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{GoSyntax.Quote(e.Key)}:{GoSyntax.Quote(JsonRead.Text(e.Value))}");
        return $"map[string]string{{{string.Join(", ", entries)}}}";
    }

    /// <summary>A <c>[]string</c>: nil when absent.</summary>
    public static string StringSlice(JsonNode? node) =>
        node is JsonArray items ? GoSyntax.StringSlice(items.Select(JsonRead.Text)) : "[]string(nil)";

    /// <summary>A Go struct literal, <c>pkg.Type{Field:value, ...}</c>.</summary>
    public static string Struct(string type, params (string Field, string Value)[] fields) =>
        $"{type}{{{string.Join(", ", fields.Select(f => $"{f.Field}:{f.Value}"))}}}";

    /// <summary>A pointer field: nil, or an address the fake cannot reproduce.</summary>
    public static string Pointer(string type, JsonNode? node) =>
        node is null ? $"(*{type})(nil)" : $"(*{type})(0xc000000000)";

    /// <summary>metav1.LabelSelector, as in "spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable".</summary>
    public static string LabelSelector(JsonObject? selector)
    {
        var expressions = selector?["matchExpressions"] is JsonArray list
            ? $"[]v1.LabelSelectorRequirement{{{string.Join(", ", list.OfType<JsonObject>().Select(r => Struct("v1.LabelSelectorRequirement",
                ("Key", GoSyntax.Quote(JsonRead.Text(r["key"]))), ("Operator", GoSyntax.Quote(JsonRead.Text(r["operator"]))), ("Values", StringSlice(r["values"])))))}}}"
            : "[]v1.LabelSelectorRequirement(nil)";
        return Struct("v1.LabelSelector", ("MatchLabels", StringMap(selector?["matchLabels"])), ("MatchExpressions", expressions));
    }

    /// <summary>intstr.IntOrString: Type 0 for an integer, 1 for a string.</summary>
    public static string IntOrString(JsonNode? node) =>
        JsonRead.IsString(node)
            ? Struct("intstr.IntOrString", ("Type", "1"), ("IntVal", "0"), ("StrVal", GoSyntax.Quote(JsonRead.Text(node))))
            : Struct("intstr.IntOrString", ("Type", "0"), ("IntVal", Int(JsonRead.Long(node) ?? 0)), ("StrVal", "\"\""));
}
