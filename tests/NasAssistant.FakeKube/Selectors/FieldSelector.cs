using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Selectors;

/// <summary>
/// The <c>fieldSelector</c> query: <c>metadata.name</c> and <c>metadata.namespace</c> with <c>=</c>,
/// <c>==</c> and <c>!=</c>, which every resource supports on the real server.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string Field, bool Equal, string Value)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (index, length, equal) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0
                ? (ne, 2, false)
                : term.IndexOf("==", StringComparison.Ordinal) is var eq2 and > 0
                    ? (eq2, 2, true)
                    : (term.IndexOf('=', StringComparison.Ordinal), 1, true);
            if (index <= 0)
            {
                throw KubeApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var field = term[..index].Trim();
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                throw KubeApiException.BadRequest($"field label not supported: {field}");
            }

            terms.Add((field, equal, term[(index + length)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) => _terms.All(t =>
    {
        var actual = t.Field == "metadata.name" ? Meta.Name(obj) : Meta.Namespace(obj);
        return string.Equals(actual, t.Value, StringComparison.Ordinal) == t.Equal;
    });
}
