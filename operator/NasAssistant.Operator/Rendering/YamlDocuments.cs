using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NasAssistant.Operator.Rendering;

/// <summary>
/// Reads multi-document YAML into JSON trees, resolving plain scalars with the YAML 1.2 core schema
/// (what kubectl does), so "5000" stays a string and 5000 becomes a number.
/// </summary>
internal static class YamlDocuments
{
    /// <summary>Parses every non-empty document.</summary>
    /// <exception cref="FormatException">The text is not valid YAML; the message names line and column.</exception>
    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
        }

        return [.. stream.Documents
            .Where(document => document.RootNode is not YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain })
            .Select(document => ToJson(document.RootNode))];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => ToValue(scalar),
        _ => throw new FormatException($"line {node.Start.Line}: unsupported YAML node"),
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new FormatException($"line {key.Start.Line}, column {key.Start.Column}: mapping keys must be strings");
            }

            // The parser has already refused duplicate keys.
            result[name] = ToJson(value);
        }

        return result;
    }

    private static JsonValue? ToValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain || scalar.Tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when text.StartsWith("0x", StringComparison.Ordinal)
                && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) => JsonValue.Create(hex),
            _ when IsYamlFloat(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    // YAML 1.2 core floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? — stricter than double.TryParse.
    private static bool IsYamlFloat(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
}
