using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// Decoding of <c>[]byte</c> fields (Secret data, ConfigMap binaryData), which travel as standard
/// base64: anything else fails the request as encoding/json fails it.
/// </summary>
internal static class ByteFields
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>The decoding error of the kind's byte fields, or null.</summary>
    public static string? Check(ResourceType type, JsonObject obj) => (type.Group, type.Plural) switch
    {
        ("", "secrets") => Map(obj["data"]),
        ("", "configmaps") => Map(obj["binaryData"]),
        _ => null,
    };

    private static string? Map(JsonNode? node) =>
        JsonRead.Map(node).Select(p => Base64Error(p.Value)).FirstOrDefault(e => e is not null);

    // base64.StdEncoding: CorruptInputError at the first byte that cannot be decoded (line breaks are skipped).
    private static string? Base64Error(string value)
    {
        var text = value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        var padding = text.Length - text.TrimEnd('=').Length;
        var body = text[..^padding];
        var bad = body.Select((c, i) => (c, i)).FirstOrDefault(p => !Alphabet.Contains(p.c, StringComparison.Ordinal));
        if (bad != default)
        {
            return Error(bad.i);
        }

        if (padding > 2 || text.Length % 4 != 0 || (padding > 0 && body.Length % 4 is 0 or 1))
        {
            return Error(text.Length - (text.Length % 4 == 0 ? padding : text.Length % 4));
        }

        return null;
    }

    private static string Error(int offset) =>
        string.Create(CultureInfo.InvariantCulture, $"illegal base64 data at input byte {offset}");
}
