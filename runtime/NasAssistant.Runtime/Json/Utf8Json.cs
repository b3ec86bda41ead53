using System.Text.Encodings.Web;
using System.Text.Json;

namespace NasAssistant.Runtime.Json;

/// <summary>
/// JSON written with non-ASCII text as UTF-8 instead of <c>\uXXXX</c> escapes. API bodies and stored turns are
/// never embedded in HTML, so the HTML-safe default only makes non-English text up to three times larger.
/// </summary>
internal static class Utf8Json
{
    /// <summary>Escapes only what JSON itself requires (quotes, backslashes, control characters).</summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>A copy of a source-generated context's options that leaves non-ASCII text unescaped.</summary>
    public static JsonSerializerOptions Options(JsonSerializerOptions generated) => new(generated) { Encoder = Encoder };
}
