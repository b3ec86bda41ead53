using System.Text.Encodings.Web;
using System.Text.Json;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>Serializer settings for text that must read as Go writes it (no escaping of + &lt; &gt; &amp;).</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
