namespace NasAssistant.Gateway.Delivery;

/// <summary>
/// Splits a reply into messages no longer than a platform allows (Telegram: 4096 characters): at the last
/// paragraph break that fits, else the last line break, else the last space, else at the limit, never
/// between the two halves of a surrogate pair. The same text always splits the same way, so a replayed
/// reply resumes at the part where a crash stopped it.
/// </summary>
internal static class ReplySplitter
{
    /// <summary>The parts of <paramref name="text"/>, each at most <paramref name="limit"/> UTF-16 code units, none blank.</summary>
    public static IReadOnlyList<string> Split(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        var parts = new List<string>();
        var rest = text.Trim();
        while (rest.Length > limit)
        {
            var cut = BreakBefore(rest, limit);
            var part = rest[..cut].TrimEnd();
            if (part.Length > 0)
            {
                parts.Add(part);
            }

            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            parts.Add(rest);
        }

        return parts;
    }

    private static int BreakBefore(string text, int limit)
    {
        var window = text.AsSpan(0, limit + 1);
        foreach (var separator in new[] { "\n\n", "\n", " " })
        {
            // The separator may end exactly at the limit: the part before it still fits.
            var at = window.LastIndexOf(separator.AsSpan());
            if (at > 0)
            {
                return at;
            }
        }

        return char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
    }
}
