namespace NasAssistant.Runtime.Generation;

/// <summary>
/// Passes streamed text through until a stop sequence appears. Text that could still turn out to be the
/// start of a stop sequence is held back until the following pieces settle it, so neither a stop
/// sequence nor any part of one is ever returned, even when it is split across tokens.
/// </summary>
internal sealed class StopSequenceFilter
{
    private readonly string[] _stops;
    private string _held = "";

    /// <summary>Filters on <paramref name="stops"/>; empty strings are ignored.</summary>
    public StopSequenceFilter(IEnumerable<string> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        _stops = stops.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>True once a stop sequence matched; later text is dropped.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds a piece of text; returns what can be passed on now.</summary>
    public string Push(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        if (Stopped)
        {
            return "";
        }

        if (_stops.Length == 0)
        {
            return piece;
        }

        var text = _held + piece;
        var match = -1;
        foreach (var stop in _stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (match < 0 || at < match))
            {
                match = at;
            }
        }

        if (match >= 0)
        {
            Stopped = true;
            _held = "";
            return text[..match];
        }

        var hold = LongestStopPrefixAtEnd(text);
        _held = text[^hold..];
        return text[..^hold];
    }

    /// <summary>Releases the held-back text once no more pieces will come (nothing after a stop).</summary>
    public string Flush()
    {
        var rest = Stopped ? "" : _held;
        _held = "";
        return rest;
    }

    // The longest tail of text that a stop sequence begins with (but does not complete).
    private int LongestStopPrefixAtEnd(string text)
    {
        var longest = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
