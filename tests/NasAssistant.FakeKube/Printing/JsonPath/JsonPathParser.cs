using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary>Parses the inside of a JSONPath template's braces (client-go util/jsonpath parser.go).</summary>
internal sealed partial class JsonPathParser(string text)
{
    private int _position;

    public List<IJsonPathStep> ParsePath()
    {
        var steps = new List<IJsonPathStep>();
        while (_position < text.Length)
        {
            switch (text[_position])
            {
                case ' ':
                    _position++;
                    break;
                case '.' when Peek(1) == '.':
                    // ".." descends; the second dot then starts the field it looks for.
                    _position++;
                    steps.Add(new RecursiveStep());
                    break;
                case '.' when Peek(1) == '*':
                    _position += 2;
                    steps.Add(new WildcardStep());
                    break;
                case '.':
                    _position++;
                    steps.Add(new FieldStep(ReadName()));
                    break;
                case '*':
                    _position++;
                    steps.Add(new WildcardStep());
                    break;
                case '[':
                    steps.Add(ParseBracket());
                    break;
                case '@':
                    // The current element inside a filter: nothing to step into.
                    _position++;
                    break;
                default:
                    throw new JsonPathException($"unrecognized character in action: {text[_position]}");
            }
        }

        return steps;
    }

    private char? Peek(int offset) => _position + offset < text.Length ? text[_position + offset] : null;

    // parseField: letters, digits, '_', '-', '/' and backslash-escaped characters such as "\.".
    private string ReadName()
    {
        var name = new StringBuilder();
        while (_position < text.Length)
        {
            var c = text[_position];
            if (c == '\\' && _position + 1 < text.Length)
            {
                name.Append(text[_position + 1]);
                _position += 2;
                continue;
            }

            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '/'))
            {
                break;
            }

            name.Append(c);
            _position++;
        }

        return name.ToString();
    }

    private IJsonPathStep ParseBracket()
    {
        var close = FindClosingBracket();
        var content = text[(_position + 1)..close].Trim();
        _position = close + 1;
        if (content == "*")
        {
            return new WildcardStep();
        }

        if (content.StartsWith("?(", StringComparison.Ordinal) && content.EndsWith(')'))
        {
            return ParseFilter(content[2..^1]);
        }

        if (content.Length >= 2 && content[0] is '\'' or '"' && content[^1] == content[0])
        {
            return new FieldStep(content[1..^1]);
        }

        return ParseSlice(content);
    }

    private int FindClosingBracket()
    {
        char? quote = null;
        for (var i = _position + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        throw new JsonPathException("unterminated array");
    }

    // parseArray: up to three integers separated by ':'; a single index i is the slice [i:i+1].
    private static SliceStep ParseSlice(string content)
    {
        var parts = content.Split(':');
        if (parts.Length > 3)
        {
            throw new JsonPathException($"invalid array index {content}");
        }

        var values = parts.Select(p => p.Trim().Length == 0 ? (int?)null : int.TryParse(p.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw new JsonPathException($"invalid array index {content}")).ToList();
        if (parts.Length == 1)
        {
            return values[0] is { } index ? new SliceStep(index, index + 1, null, EndDerived: true) : throw new JsonPathException($"invalid array index {content}");
        }

        return new SliceStep(values[0], values[1], parts.Length == 3 ? values[2] : null, EndDerived: false);
    }

    // parseFilter splits "left op right" with the same pattern as client-go, or takes "@.x" as an exists test.
    private static FilterStep ParseFilter(string content)
    {
        var match = FilterPattern().Match(content);
        if (!match.Success)
        {
            return new FilterStep(Operand(content.Trim()), "exists", null);
        }

        return new FilterStep(Operand(match.Groups[1].Value.Trim()), match.Groups[2].Value, Operand(match.Groups[3].Value.Trim()));
    }

    private static FilterOperand Operand(string operand)
    {
        if (operand.StartsWith('@'))
        {
            return new FilterOperand(new JsonPathParser(operand).ParsePath(), null);
        }

        if (operand.Length >= 2 && operand[0] is '\'' or '"' && operand[^1] == operand[0])
        {
            return new FilterOperand(null, JsonValue.Create(operand[1..^1]));
        }

        if (operand is "true" or "false")
        {
            return new FilterOperand(null, JsonValue.Create(operand == "true"));
        }

        if (long.TryParse(operand, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new FilterOperand(null, JsonValue.Create(integer));
        }

        return double.TryParse(operand, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? new FilterOperand(null, JsonValue.Create(number))
            : throw new JsonPathException($"unrecognized filter operand {operand}");
    }

    [GeneratedRegex("^([^!<>=]+)([!<>=]+)(.+?)$")]
    private static partial Regex FilterPattern();
}
