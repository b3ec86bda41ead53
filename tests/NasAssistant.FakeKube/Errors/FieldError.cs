using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Errors;

/// <summary>
/// One field validation error, rendered like k8s.io/apimachinery's <c>field.Error</c>:
/// <c>spec.replicas: Invalid value: -1: must be ...</c>.
/// </summary>
internal sealed record FieldError(string Reason, string Field, string Message)
{
    public static FieldError Invalid(string field, string badValue, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {badValue}: {detail}");

    public static FieldError TypeInvalid(string field, string badValue, string detail) =>
        new("FieldValueTypeInvalid", field, $"Invalid value: {badValue}: {detail}");

    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError Forbidden(string field, string detail) =>
        new("FieldValueForbidden", field, $"Forbidden: {detail}");

    public static FieldError NotSupported(string field, string badValue, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field, $"Unsupported value: {badValue}: supported values: {string.Join(", ", supported)}");

    public static FieldError TooMany(string field, int actual, int max) =>
        new("FieldValueTooMany", field, $"Too many: {actual}: must have at most {max} items");

    public static FieldError Internal(string field, string detail) =>
        new("InternalError", field, $"Internal error: {detail}");

    public static FieldError Duplicate(string field, string badValue) =>
        new("FieldValueDuplicate", field, $"Duplicate value: {badValue}");

    public static FieldError NotFound(string field, string badValue) =>
        new("FieldValueNotFound", field, $"Not found: {badValue}");

    /// <summary>A value over a size limit; like field.TooLong the value itself is not shown.</summary>
    public static FieldError TooLong(string field, int maxBytes) =>
        new("FieldValueTooLong", field, $"Too long: must have at most {maxBytes} bytes");

    /// <summary>Formats a value the way field errors print it: strings quoted as Go's %q quotes them, numbers bare.</summary>
    public static string Render(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => GoSyntax.Quote(v.GetValue<string>()),
        JsonValue v => v.ToJsonString(),
        JsonObject => "\"object\"",
        JsonArray => "\"array\"",
        _ => "\"unknown\"",
    };

    public override string ToString() => Field.Length == 0 ? Message : $"{Field}: {Message}";
}
