using System.Globalization;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// One media range of an Accept header with its parameters, parsed and ordered as goautoneg.ParseAccept
/// does for the API server: by quality, then specific types before wildcards.
/// </summary>
internal sealed record AcceptClause(string Type, string SubType, double Quality, IReadOnlyDictionary<string, string> Parameters)
{
    public static IReadOnlyList<AcceptClause> Parse(string header)
    {
        var clauses = new List<AcceptClause>();
        foreach (var part in header.Split(','))
        {
            var pieces = part.Trim(' ').Split(';');
            var range = pieces[0].Split('/');
            var type = range[0].Trim(' ');
            string subType;
            if (range.Length == 1 && type == "*")
            {
                subType = "*";
            }
            else if (range.Length == 2)
            {
                subType = range[1].Trim(' ');
            }
            else
            {
                continue;
            }

            var quality = 1.0;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in pieces.Skip(1))
            {
                var pair = parameter.Split('=', 2);
                if (pair.Length != 2)
                {
                    continue;
                }

                var token = pair[0].Trim(' ');
                if (token == "q")
                {
                    quality = double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var q) ? q : 0;
                }
                else
                {
                    parameters[token] = pair[1].Trim(' ');
                }
            }

            clauses.Add(new AcceptClause(type, subType, quality, parameters));
        }

        return clauses.OrderByDescending(c => c.Quality).ThenBy(c => c.Type == "*").ThenBy(c => c.SubType == "*").ToList();
    }

    public string? Parameter(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>Whether the range covers <paramref name="type"/>/<paramref name="subType"/> (exact, <c>type/*</c> or <c>*/*</c>).</summary>
    public bool Covers(string type, string subType) =>
        (Type == type && SubType == subType) || (Type == type && SubType == "*") || (Type == "*" && SubType == "*");
}
