using System.Globalization;

namespace NasAssistant.FakeKube.Selectors;

/// <summary>One term of a label selector, e.g. <c>tier in (web,api)</c>.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Equals or LabelOperator.In => present && Values.Contains(value!, StringComparer.Ordinal),
            // Like the real server, != and notin also match objects that lack the label.
            LabelOperator.NotEquals or LabelOperator.NotIn => !present || !Values.Contains(value!, StringComparer.Ordinal),
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            LabelOperator.GreaterThan => present && CompareNumber(value!) > 0,
            LabelOperator.LessThan => present && CompareNumber(value!) < 0,
            _ => false,
        };
    }

    private int CompareNumber(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(Values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : 0;
}
