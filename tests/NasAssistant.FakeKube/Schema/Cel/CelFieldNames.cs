using System.Text;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// How property names appear in CEL: <c>-</c>, <c>.</c>, <c>/</c> and <c>__</c> are escaped, CEL keywords
/// become <c>__keyword__</c>, and names with other characters are not accessible at all
/// (<c>Escape</c>, <c>k8s.io/apiserver/pkg/cel/escaping.go</c>).
/// </summary>
internal static class CelFieldNames
{
    private static readonly HashSet<string> ReservedSymbols = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    };

    /// <summary>The CEL identifier for a property name, or null when the name cannot be used in CEL.</summary>
    public static string? Escape(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return null;
        }

        if (ReservedSymbols.Contains(name))
        {
            return "__" + name + "__";
        }

        var escaped = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' && i + 1 < name.Length && name[i + 1] == '_')
            {
                escaped.Append("__underscores__");
                i++;
            }
            else if (c is '.' or '-' or '/')
            {
                escaped.Append(c switch { '.' => "__dot__", '-' => "__dash__", _ => "__slash__" });
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                escaped.Append(c);
            }
            else
            {
                return null;
            }
        }

        return escaped.ToString();
    }
}
