using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// Resolves the <c>fieldPath</c> of a validation rule against the schema it sits on, as
/// <c>ValidFieldPath</c> does (<c>apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go</c>):
/// <c>.field</c> and <c>['key']</c> steps through properties or map values, normalized to a field path.
/// </summary>
internal static class SchemaFieldPath
{
    /// <summary>The normalized path (e.g. <c>spec.name</c>, <c>labels[app]</c>) and the schema it reaches, or the reason it is invalid.</summary>
    public static (string? Path, JsonObject? Schema, string? Error) Resolve(string jsonPath, JsonObject schema, bool allowArrayNotation = true)
    {
        var path = string.Empty;
        JsonObject? current = schema;
        var tokens = Tokenize(jsonPath);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            string name;
            switch (token)
            {
                case "[":
                    if (!allowArrayNotation)
                    {
                        return (null, null, "array notation is not allowed");
                    }

                    if (++i >= tokens.Count)
                    {
                        return (null, null, "unexpected end of JSON path");
                    }

                    token = tokens[i];
                    if (token.Length < 2 || token[0] != '\'' || token[^1] != '\'')
                    {
                        return (null, null, $"expected single quoted string but got {token}");
                    }

                    if (Unescape(token[1..^1]) is not { } unescaped)
                    {
                        return (null, null, "invalid string literal: invalid escape char");
                    }

                    name = unescaped;
                    if (++i >= tokens.Count)
                    {
                        return (null, null, "unexpected end of JSON path");
                    }

                    if (tokens[i] != "]")
                    {
                        return (null, null, $"expected ] but got {tokens[i]}");
                    }

                    break;
                case ".":
                    if (++i >= tokens.Count)
                    {
                        return (null, null, "unexpected end of JSON path");
                    }

                    name = tokens[i];
                    break;
                default:
                    return (null, null, $"expected [ or . but got: {token}");
            }

            if (current is null)
            {
                return (null, null, "does not refer to a valid field");
            }

            if (SchemaNode.Properties(current) is { Count: > 0 } properties)
            {
                if (properties[name] is not JsonObject property)
                {
                    return (null, null, "does not refer to a valid field");
                }

                path = SchemaNode.Child(path, name);
                current = property;
            }
            else if (current.ContainsKey("additionalProperties"))
            {
                path = SchemaNode.Key(path, name);
                current = SchemaNode.AdditionalProperties(current);
            }
            else
            {
                return (null, null, "does not refer to a valid field");
            }
        }

        return (path, current, null);
    }

    // The scanner of ValidFieldPath: '.', '[' and ']' are tokens of their own; single-quoted strings keep their delimiters.
    private static List<string> Tokenize(string jsonPath)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < jsonPath.Length)
        {
            if (jsonPath[i] is '.' or '[' or ']')
            {
                tokens.Add(jsonPath[i].ToString());
                i++;
                continue;
            }

            var start = i;
            if (jsonPath[i] == '\'')
            {
                i++;
                while (i < jsonPath.Length && !(jsonPath[i] == '\'' && jsonPath[i - 1] != '\\'))
                {
                    i++;
                }

                i = Math.Min(i + 1, jsonPath.Length);
            }
            else
            {
                while (i < jsonPath.Length && jsonPath[i] is not ('.' or '[' or ']'))
                {
                    i++;
                }
            }

            tokens.Add(jsonPath[start..i]);
        }

        return tokens;
    }

    private static string? Unescape(string text)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            if (++i >= text.Length)
            {
                return null;
            }

            if (ControlEscapes.Decode(text[i]) is { } control)
            {
                result.Append(control);
            }
            else if (text[i] is '\'' or '\\')
            {
                result.Append(text[i]);
            }
            else
            {
                return null;
            }
        }

        return result.ToString();
    }
}
