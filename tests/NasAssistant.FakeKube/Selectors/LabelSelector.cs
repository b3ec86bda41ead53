using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Selectors;

/// <summary>
/// The <c>labelSelector</c> query syntax: comma-separated requirements using <c>=</c>, <c>==</c>,
/// <c>!=</c>, <c>in (...)</c>, <c>notin (...)</c>, <c>key</c> (exists), <c>!key</c> (does not exist),
/// <c>&gt;</c> and <c>&lt;</c>. All requirements must hold.
/// </summary>
internal sealed class LabelSelector
{
    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => Requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Parses a selector string; throws 400 BadRequest on malformed input, like the server.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>Renders a metav1.LabelSelector object as query syntax (for scale subresources).</summary>
    public static string Format(JsonObject selector)
    {
        // LabelSelectorAsSelector(...).String(): requirements sorted by key, In/NotIn values sorted.
        var terms = new List<(string Key, string Text)>();
        if (selector["matchLabels"] is JsonObject labels)
        {
            terms.AddRange(labels.Select(p => (p.Key, $"{p.Key}={p.Value?.GetValue<string>()}")));
        }

        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = expression["key"]?.GetValue<string>() ?? string.Empty;
                var values = string.Join(",", ((expression["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? string.Empty) ?? []).Order(StringComparer.Ordinal));
                terms.Add((key, (expression["operator"]?.GetValue<string>()) switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "Exists" => key,
                    "DoesNotExist" => $"!{key}",
                    var op => throw KubeApiException.BadRequest($"unsupported selector operator {op}"),
                }));
            }
        }

        return string.Join(",", terms.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Text));
    }

    // Commas separate terms except inside the parentheses of in/notin value sets.
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        foreach (var c in text)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }

            if (c == ',' && depth == 0)
            {
                terms.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        terms.Add(current.ToString());
        return terms;
    }

    private static LabelRequirement ParseTerm(string term, string selector)
    {
        if (term.Length == 0)
        {
            throw Malformed(selector);
        }

        if (term.StartsWith('!') && !term.Contains('=', StringComparison.Ordinal))
        {
            return new LabelRequirement(Key(term[1..], selector), LabelOperator.DoesNotExist, []);
        }

        var setMatch = System.Text.RegularExpressions.Regex.Match(term, @"^(\S+)\s+(in|notin)\s*\((.*)\)$");
        if (setMatch.Success)
        {
            var values = setMatch.Groups[3].Value.Split(',').Select(v => v.Trim()).ToList();
            var op = setMatch.Groups[2].Value == "in" ? LabelOperator.In : LabelOperator.NotIn;
            return new LabelRequirement(Key(setMatch.Groups[1].Value, selector), op, values);
        }

        foreach (var (token, op) in Operators)
        {
            var index = term.IndexOf(token, StringComparison.Ordinal);
            if (index > 0)
            {
                var value = term[(index + token.Length)..].Trim();
                return new LabelRequirement(Key(term[..index], selector), op, [value]);
            }
        }

        return new LabelRequirement(Key(term, selector), LabelOperator.Exists, []);
    }

    // Longest tokens first so "==" is not read as "=" followed by "=value".
    private static readonly (string Token, LabelOperator Op)[] Operators =
    [
        ("==", LabelOperator.Equals),
        ("!=", LabelOperator.NotEquals),
        ("=", LabelOperator.Equals),
        (">", LabelOperator.GreaterThan),
        ("<", LabelOperator.LessThan),
    ];

    private static string Key(string key, string selector)
    {
        key = key.Trim();
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '='))
        {
            throw Malformed(selector);
        }

        return key;
    }

    private static KubeApiException Malformed(string selector) =>
        KubeApiException.BadRequest($"unable to parse requirement: invalid label selector: \"{selector}\"");
}
