using System.Globalization;
using System.Text;

namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>Decodes CEL string and bytes literals: quotes, triple quotes, raw prefixes and escapes (cel-go <c>parser/unescape.go</c>).</summary>
internal static class CelStringLiteral
{
    /// <summary>The literal's value, or null when it is malformed.</summary>
    public static string? Unquote(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var raw = text.Length > 0 && text[0] is 'r' or 'R';
        if (raw)
        {
            text = text[1..];
        }

        if (text.Length < 2 || text[0] != text[^1] || text[0] is not ('"' or '\''))
        {
            return null;
        }

        var body = text.Length >= 6 && (text.StartsWith("'''", StringComparison.Ordinal) || text.StartsWith("\"\"\"", StringComparison.Ordinal))
            ? text[3..^3]
            : text[1..^1];
        return raw || !body.Contains('\\', StringComparison.Ordinal) ? body : Unescape(body);
    }

    private static string? Unescape(string body)
    {
        var result = new StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\')
            {
                result.Append(body[i]);
                continue;
            }

            if (++i >= body.Length)
            {
                return null;
            }

            var c = body[i];
            if (ControlEscapes.Decode(c) is { } control)
            {
                result.Append(control);
                continue;
            }

            switch (c)
            {
                case '\\' or '\'' or '"' or '`' or '?': result.Append(c); break;
                case 'x' or 'X' or 'u' or 'U':
                    var digits = c is 'x' or 'X' ? 2 : c == 'u' ? 4 : 8;
                    if (body.Length - i - 1 < digits
                        || !int.TryParse(body.AsSpan(i + 1, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                        || !Rune.IsValid(code))
                    {
                        return null;
                    }

                    result.Append(char.ConvertFromUtf32(code));
                    i += digits;
                    break;
                case >= '0' and <= '3' when i + 2 < body.Length && IsOctal(body[i + 1]) && IsOctal(body[i + 2]):
                    result.Append((char)Convert.ToInt32(body.Substring(i, 3), 8));
                    i += 2;
                    break;
                default:
                    return null;
            }
        }

        return result.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
