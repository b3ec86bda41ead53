using System.Globalization;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// Picks the response media type from an Accept header the way the OpenAPI handlers do (goautoneg):
/// clauses by descending quality, more specific first, then the first offered type a clause matches.
/// </summary>
internal static class AcceptHeader
{
    public static string? Negotiate(string? accept, IReadOnlyList<string> offered)
    {
        var clauses = (string.IsNullOrWhiteSpace(accept) ? "*/*" : accept)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .Where(c => c.Quality > 0)
            .OrderByDescending(c => c.Quality)
            .ThenBy(c => c.Type == "*" ? 2 : c.SubType == "*" ? 1 : 0)
            .ToList();
        foreach (var clause in clauses)
        {
            foreach (var mediaType in offered)
            {
                var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
                var (type, subType) = (mediaType[..slash], mediaType[(slash + 1)..]);
                if ((clause.Type == type || clause.Type == "*") && (clause.SubType == subType || clause.SubType == "*"))
                {
                    return mediaType;
                }
            }
        }

        return null;
    }

    private static (string Type, string SubType, double Quality) Parse(string clause)
    {
        var parts = clause.Split(';', StringSplitOptions.TrimEntries);
        var slash = parts[0].IndexOf('/', StringComparison.Ordinal);
        var type = slash < 0 ? parts[0] : parts[0][..slash];
        var subType = slash < 0 ? "*" : parts[0][(slash + 1)..];
        var quality = 1.0;
        foreach (var parameter in parts.Skip(1))
        {
            if (parameter.StartsWith("q=", StringComparison.Ordinal)
                && double.TryParse(parameter[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
            {
                quality = q;
            }
        }

        return (type, subType, quality);
    }
}
