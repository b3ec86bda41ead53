using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.Operator.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NasAssistant.Operator.Rendering;

/// <summary>
/// Writes Kubernetes objects as YAML through their JSON form, so the YAML carries exactly what the
/// operator would send to the API server, with keys in the models' declaration order. The same input
/// always yields the same bytes.
/// </summary>
internal static class ManifestYaml
{
    private static readonly string[] LeadingKeys = ["apiVersion", "kind", "metadata"];

    /// <summary>One object as a YAML document (no leading separator).</summary>
    public static string Write(object manifest) => Write(Conventional(OperatorJson.ToNode(manifest)!));

    /// <summary>A JSON tree as a YAML document.</summary>
    public static string Write(JsonNode node)
    {
        var text = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, int.MaxValue, false, false, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    // Kubernetes manifests conventionally open with apiVersion, kind and metadata; models declare
    // their properties alphabetically, which would put a ConfigMap's data before its kind.
    private static JsonNode Conventional(JsonNode node)
    {
        if (node is not JsonObject obj)
        {
            return node;
        }

        var ordered = new JsonObject();
        foreach (var key in LeadingKeys.Concat(obj.Select(p => p.Key)).Distinct())
        {
            if (obj.TryGetPropertyValue(key, out var value))
            {
                ordered[key] = value?.DeepClone();
            }
        }

        return ordered;
    }

    /// <summary>Several documents separated by <c>---</c>.</summary>
    public static string WriteAll(IEnumerable<string> documents) => string.Join("---\n", documents);

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            default:
                // Numbers and booleans: their JSON spelling is valid plain YAML.
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string value)
    {
        var style = value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : NeedsQuotes(value) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, value, style, true, true));
    }

    // A string that a YAML 1.1 or 1.2 reader would take for another type must be quoted to stay a string.
    private static bool NeedsQuotes(string value) =>
        value.Length == 0
        || value is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF" or "y" or "n" or "Y" or "N"
        || double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        || value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
}
