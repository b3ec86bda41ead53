using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NasAssistant.FakeKube.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NasAssistant.FakeKube.Patching;

/// <summary>
/// Reads an apply configuration as sigs.k8s.io/yaml does (go-yaml v2, YAML 1.1 plain scalars: yes/no/on/off
/// are booleans, 0x and 0-prefixed numbers are integers); JSON is YAML, so JSON bodies read the same.
/// A repeated key keeps its last value; <see cref="Read(string)"/> also says what strict decoding reports.
/// </summary>
internal static partial class YamlDocument
{
    public static JsonObject ReadObject(string text) => Read(text).Object;

    /// <summary>The object, and yaml.v2's strict-mode error for repeated keys (null when there are none).</summary>
    public static (JsonObject Object, string? Duplicates) Read(string text)
    {
        var duplicates = new List<string>();
        var obj = ReadObject(text, duplicates);
        return (obj, duplicates.Count == 0 ? null : "yaml: unmarshal errors:\n" + string.Join("\n", duplicates.Select(d => "  " + d)));
    }

    private static JsonObject ReadObject(string text, List<string> duplicates)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                return [];
            }

            return ReadNode(parser, new Dictionary<string, JsonNode?>(StringComparer.Ordinal), duplicates) switch
            {
                JsonObject obj => obj,
                null => [],
                var other => throw KubeApiException.BadRequest($"error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {Describe(other)} into Go value of type map[string]interface {{}}"),
            };
        }
        catch (YamlException e)
        {
            throw KubeApiException.BadRequest($"error decoding YAML: {e.Message}");
        }
    }

    // One node of the event stream; a repeated mapping key keeps its last value, as yaml.v2 does.
    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors, List<string> duplicates)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var aliased) ? aliased?.DeepClone() : throw new YamlException($"unknown anchor '{alias.Value}'");
        }

        JsonNode? node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = scalar.Style is ScalarStyle.Plain ? Resolve(scalar.Value) : JsonValue.Create(scalar.Value);
            anchor = scalar.Anchor;
        }
        else if (parser.TryConsume<MappingStart>(out var mapping))
        {
            var obj = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var line = parser.Current!.Start.Line;
                var name = ReadNode(parser, anchors, duplicates) switch
                {
                    null => "null",
                    JsonValue key => key.ToString(),
                    _ => throw KubeApiException.BadRequest("error decoding YAML: unsupported map key"),
                };
                if (obj.ContainsKey(name))
                {
                    duplicates.Add($"line {line}: key \"{name}\" already set in map");
                }

                obj[name] = ReadNode(parser, anchors, duplicates);
            }

            node = obj;
            anchor = mapping.Anchor;
        }
        else
        {
            var sequence = parser.Consume<SequenceStart>();
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, anchors, duplicates));
            }

            node = array;
            anchor = sequence.Anchor;
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node?.DeepClone();
        }

        return node;
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
