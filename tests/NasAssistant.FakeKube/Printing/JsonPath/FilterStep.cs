using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing.JsonPath;

/// <summary>
/// <c>[?(@.type == "Ready")]</c> or <c>[?(@.ready)]</c>: the list elements that pass (evalFilter). Values are
/// compared as Go templates compare them: only within one basic kind, anything else is an error.
/// </summary>
internal sealed record FilterStep(FilterOperand Left, string Operator, FilterOperand? Right) : IJsonPathStep
{
    public List<JsonNode?> Apply(List<JsonNode?> input)
    {
        var results = new List<JsonNode?>();
        foreach (var value in input)
        {
            if (value is not JsonArray list)
            {
                throw new JsonPathException("value is not array or slice and cannot be filtered");
            }

            foreach (var element in list)
            {
                if (Passes(element))
                {
                    results.Add(element);
                }
            }
        }

        return results;
    }

    private bool Passes(JsonNode? element)
    {
        var lefts = Left.Evaluate(element);
        if (Operator == "exists")
        {
            return lefts.Count > 0;
        }

        var rights = Right!.Evaluate(element);
        if (lefts.Count == 0 || rights.Count == 0)
        {
            return false;
        }

        if (lefts.Count > 1 || rights.Count > 1)
        {
            throw new JsonPathException("can only compare one element at a time");
        }

        var order = Compare(lefts[0], rights[0]);
        return Operator switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            ">" => order > 0,
            "<=" => order <= 0,
            ">=" => order >= 0,
            _ => throw new JsonPathException($"unrecognized filter operator {Operator}"),
        };
    }

    // template.Equal/Less (client-go third_party/forked/golang/template): same basic kind or an error.
    private int Compare(JsonNode? left, JsonNode? right)
    {
        var (leftKind, rightKind) = (KindOf(left), KindOf(right));
        if (leftKind is null || rightKind is null)
        {
            throw new JsonPathException("invalid type for comparison");
        }

        if (leftKind != rightKind)
        {
            throw new JsonPathException("incompatible types for comparison");
        }

        return leftKind switch
        {
            "string" => string.CompareOrdinal(left!.GetValue<string>(), right!.GetValue<string>()),
            "int" => left!.GetValue<long>().CompareTo(right!.GetValue<long>()),
            "float" => left!.GetValue<double>().CompareTo(right!.GetValue<double>()),
            _ when Operator is "==" or "!=" => left!.GetValue<bool>() == right!.GetValue<bool>() ? 0 : 1,
            _ => throw new JsonPathException("invalid type for comparison"),
        };
    }

    private static string? KindOf(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Number => value.TryGetValue<long>(out _) ? "int" : "float",
            _ => null,
        }
        : null;
}
