using System.Text;
using System.Text.RegularExpressions;

namespace NasAssistant.Runtime.Knowledge;

/// <summary>
/// Splits a document into passages for embedding: whole paragraphs packed together up to a size bound,
/// long paragraphs cut at sentence or word boundaries, and each chunk opening with the tail of the one before.
/// </summary>
internal static partial class TextChunker
{
    private const string ParagraphSeparator = "\n\n";

    /// <summary>Chunks <paramref name="text"/>; every chunk is at most <paramref name="maxCharacters"/> long.</summary>
    public static IReadOnlyList<string> Split(string text, int maxCharacters, int overlapCharacters)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 16);
        ArgumentOutOfRangeException.ThrowIfNegative(overlapCharacters);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(overlapCharacters * 2, maxCharacters);

        // A piece must leave room for the carried-over tail and the separator, so the bound always holds.
        var pieceLimit = maxCharacters - (overlapCharacters > 0 ? overlapCharacters + ParagraphSeparator.Length : 0);
        var pieces = new List<string>();
        foreach (var paragraph in ParagraphBreak().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var trimmed = paragraph.Trim();
            if (trimmed.Length > 0)
            {
                CutLong(trimmed, pieceLimit, pieces);
            }
        }

        var chunks = new List<string>();
        var current = new StringBuilder();
        var currentHasPiece = false;
        foreach (var piece in pieces)
        {
            if (currentHasPiece && current.Length + ParagraphSeparator.Length + piece.Length > maxCharacters)
            {
                var finished = current.ToString();
                chunks.Add(finished);
                current.Clear();
                currentHasPiece = false;
                var tail = Tail(finished, overlapCharacters);
                if (tail.Length > 0)
                {
                    current.Append(tail);
                }
            }

            if (current.Length > 0)
            {
                current.Append(ParagraphSeparator);
            }

            current.Append(piece);
            currentHasPiece = true;
        }

        if (currentHasPiece)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    private static void CutLong(string paragraph, int limit, List<string> pieces)
    {
        var rest = paragraph.AsSpan();
        while (rest.Length > limit)
        {
            var window = rest[..limit];
            var cut = LastSentenceEnd(window, limit / 2);
            if (cut < 0)
            {
                var space = window.LastIndexOfAny(' ', '\n', '\t');
                cut = space >= limit / 2 ? space : limit;
            }

            pieces.Add(rest[..cut].Trim().ToString());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            pieces.Add(rest.ToString());
        }
    }

    private static int LastSentenceEnd(ReadOnlySpan<char> window, int notBefore)
    {
        for (var i = window.Length - 1; i >= notBefore; i--)
        {
            if (window[i - 1] is '.' or '!' or '?' or '\n' && char.IsWhiteSpace(window[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Tail(string chunk, int length)
    {
        if (length == 0 || chunk.Length <= length)
        {
            return length == 0 ? string.Empty : chunk;
        }

        var tail = chunk.AsSpan(chunk.Length - length);

        // Start on a word, so the overlap does not open with half a word.
        var space = tail.IndexOfAny(' ', '\n', '\t');
        return (space >= 0 && space < tail.Length - 1 ? tail[(space + 1)..] : tail).Trim().ToString();
    }

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex ParagraphBreak();
}
