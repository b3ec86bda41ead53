using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NasAssistant.FakeKube.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NasAssistant.FakeKube.Patching;

/// <summary>
/// Reads an apply configuration as sigs.k8s.io/yaml does (go-yaml v2, YAML 1.1 plain scalars: yes/no/on/off
/// are booleans, 0x and 0-prefixed numbers are integers); JSON is YAML, so JSON bodies read the same.
/// </summary>
internal static partial class YamlDocument
{
    public static JsonObject ReadObject(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw KubeApiException.BadRequest($"error decoding YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return [];
        }

        return Convert(stream.Documents[0].RootNode) switch
        {
            JsonObject obj => obj,
            null => [],
            var other => throw KubeApiException.BadRequest($"error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {Describe(other)} into Go value of type map[string]interface {{}}"),
        };
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "null" : throw KubeApiException.BadRequest("error decoding YAML: unsupported map key");
                    if (obj.ContainsKey(name))
                    {
                        throw KubeApiException.BadRequest($"error decoding YAML: yaml: unmarshal errors:\n  line {key.Start.Line}: key \"{name}\" already set in map");
                    }

                    obj[name] = Convert(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(Convert).ToArray());
            case YamlScalarNode scalar:
                return scalar.Style is ScalarStyle.Plain ? Resolve(scalar.Value ?? string.Empty) : JsonValue.Create(scalar.Value ?? string.Empty);
            default:
                return null;
        }
    }

    // go-yaml v2 resolve(): the YAML 1.1 core schema for plain scalars.
    private static JsonValue? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN":
                return JsonValue.Create(text);
        }

        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (Integer().IsMatch(plain) && long.TryParse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (Hexadecimal().IsMatch(plain))
        {
            var negative = plain.StartsWith('-');
            var value = long.Parse(plain.TrimStart('+', '-')[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return JsonValue.Create(negative ? -value : value);
        }

        if (Octal().IsMatch(plain))
        {
            var negative = plain.StartsWith('-');
            var value = System.Convert.ToInt64(plain.TrimStart('+', '-'), 8);
            return JsonValue.Create(negative ? -value : value);
        }

        if (Float().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonArray => "array",
        _ when node.GetValueKind() == System.Text.Json.JsonValueKind.String => "string",
        _ when node.GetValueKind() == System.Text.Json.JsonValueKind.Number => "number",
        _ => "bool",
    };

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex Integer();

    [GeneratedRegex("^[-+]?0x[0-9a-fA-F]+$")]
    private static partial Regex Hexadecimal();

    [GeneratedRegex("^[-+]?0[0-7]+$")]
    private static partial Regex Octal();

    [GeneratedRegex("^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
