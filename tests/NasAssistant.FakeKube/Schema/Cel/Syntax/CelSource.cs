using System.Text;

namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>
/// The text of an expression with cel-go's location arithmetic: offsets and columns count code
/// points, lines are 1-based and columns 0-based (<c>common/source.go</c>).
/// </summary>
internal sealed class CelSource
{
    private readonly List<int> _lineStarts = [];
    private readonly string[] _lines;

    public CelSource(string text)
    {
        Text = text;
        var offset = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            offset++;
            if (rune.Value == '\n')
            {
                _lineStarts.Add(offset);
            }
        }

        _lines = text.Split('\n');
    }

    public string Text { get; }

    public (int Line, int Column) Location(int offset)
    {
        var line = 1;
        var lineStart = 0;
        foreach (var start in _lineStarts)
        {
            if (start > offset)
            {
                break;
            }

            line++;
            lineStart = start;
        }

        return (line, offset - lineStart);
    }

    /// <summary>The text of a span given in code points.</summary>
    public string Slice(CelSpan span) => string.Concat(Text.EnumerateRunes().Skip(span.Start).Take(span.Stop - span.Start + 1));

    public string? Snippet(int line) => line >= 1 && line <= _lines.Length ? _lines[line - 1] : null;

    /// <summary>Formats one error the way cel-go's <c>Error.ToDisplayString</c> does, with the source line and a caret.</summary>
    public string Display(int line, int column, string message)
    {
        var result = new StringBuilder($"ERROR: <input>:{line}:{column + 1}: {message}");
        if (Snippet(line) is { } snippet)
        {
            snippet = snippet.Replace('\t', ' ');
            result.Append("\n | ").Append(snippet).Append("\n | ");
            var runes = snippet.EnumerateRunes().ToList();
            for (var i = 0; i < column && i < runes.Count; i++)
            {
                result.Append(runes[i].Utf8SequenceLength > 1 ? "\uff0e" : ".");
            }

            result.Append(column < runes.Count && runes[column].Utf8SequenceLength > 1 ? "\uff3e" : "^");
        }

        return result.ToString();
    }
}
