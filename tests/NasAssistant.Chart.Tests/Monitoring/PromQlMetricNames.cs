using System.Text.RegularExpressions;

namespace NasAssistant.Chart.Tests.Monitoring;

/// <summary>The metric names a PromQL expression reads (functions, keywords, labels, strings and durations left out).</summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
        "inf", "nan",
    ];

    public static IReadOnlyList<string> Of(string expression)
    {
        var text = StringLiteral().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !IsFunctionCall(text, m) && !Keywords.Contains(m.Value.ToLowerInvariant()))
            .Select(m => m.Value)
            .Distinct()
            .ToList();
    }

    private static bool IsFunctionCall(string text, Match m)
    {
        var after = m.Index + m.Length;
        while (after < text.Length && char.IsWhiteSpace(text[after]))
        {
            after++;
        }

        return after < text.Length && text[after] == '(';
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.$])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}
