using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Selectors;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// metav1.LabelSelector: ValidateLabelSelector and ValidateLabels
/// (k8s.io/apimachinery/pkg/apis/meta/v1/validation), and selector matching as LabelSelectorAsSelector builds it.
/// </summary>
internal static class LabelSelectorValidator
{
    /// <summary>ValidateLabels: keys are qualified names, values label values.</summary>
    public static IEnumerable<FieldError> Labels(JsonNode? labels, FieldPath path)
    {
        foreach (var (key, value) in JsonRead.Map(labels))
        {
            foreach (var error in Checks.Each(path, key, Names.QualifiedName(key)))
            {
                yield return error;
            }

            foreach (var error in Checks.Each(path, value, Names.LabelValue(value)))
            {
                yield return error;
            }
        }
    }

    /// <summary>ValidateLabelSelector with AllowInvalidLabelValueInSelector off, as for new objects.</summary>
    public static IEnumerable<FieldError> Validate(JsonObject? selector, FieldPath path)
    {
        if (selector is null)
        {
            return [];
        }

        var errors = Labels(selector["matchLabels"], path.Child("matchLabels")).ToList();
        var expressions = JsonRead.Objects(selector["matchExpressions"]);
        for (var i = 0; i < expressions.Count; i++)
        {
            errors.AddRange(Requirement(expressions[i], path.Child("matchExpressions").Index(i)));
        }

        return errors;
    }

    /// <summary>
    /// The selector as LabelSelectorAsSelector builds it: null when it cannot be built (bad operator,
    /// key or value), an empty list of requirements for an empty selector (matches everything).
    /// </summary>
    public static IReadOnlyList<LabelRequirement>? Requirements(JsonObject selector)
    {
        if (Validate(selector, FieldPath.Root(string.Empty)).Any())
        {
            return null;
        }

        var requirements = JsonRead.Map(selector["matchLabels"])
            .Select(p => new LabelRequirement(p.Key, LabelOperator.In, [p.Value]))
            .ToList();
        foreach (var expression in JsonRead.Objects(selector["matchExpressions"]))
        {
            var op = JsonRead.Text(expression["operator"]) switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                _ => LabelOperator.DoesNotExist,
            };
            requirements.Add(new LabelRequirement(JsonRead.Text(expression["key"]), op, JsonRead.Strings(expression["values"])));
        }

        return requirements;
    }

    public static bool IsEmpty(JsonObject selector) =>
        !JsonRead.HasEntries(selector["matchLabels"]) && !JsonRead.HasEntries(selector["matchExpressions"]);

    /// <summary>
    /// The operator, values and key rules ValidateLabelSelectorRequirement and ValidateNodeSelectorRequirement
    /// share; the node form (<paramref name="numeric"/>) also takes Gt and Lt with a single value.
    /// </summary>
    public static List<FieldError> OperatorAndKey(JsonObject requirement, FieldPath path, bool numeric)
    {
        var errors = new List<FieldError>();
        var op = JsonRead.Text(requirement["operator"]);
        var values = JsonRead.Strings(requirement["values"]);
        switch (op)
        {
            case "In" or "NotIn":
                if (values.Count == 0)
                {
                    errors.Add(Checks.Required(path.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                }

                break;
            case "Exists" or "DoesNotExist":
                if (values.Count > 0)
                {
                    errors.Add(Checks.Forbidden(path.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }

                break;
            case "Gt" or "Lt" when numeric:
                if (values.Count != 1)
                {
                    errors.Add(Checks.Required(path.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                }

                break;
            default:
                errors.Add(InvalidOperator(path.Child("operator"), op));
                break;
        }

        var key = JsonRead.Text(requirement["key"]);
        errors.AddRange(Checks.Each(path.Child("key"), key, Names.QualifiedName(key)));
        return errors;
    }

    /// <summary>The Invalid error for an operator a selector does not know.</summary>
    public static FieldError InvalidOperator(FieldPath path, string op) =>
        FieldError.Invalid(path, GoSyntax.Quote(op), "not a valid selector operator");

    // ValidateLabelSelectorRequirement.
    private static List<FieldError> Requirement(JsonObject requirement, FieldPath path)
    {
        var errors = OperatorAndKey(requirement, path, numeric: false);
        var values = JsonRead.Strings(requirement["values"]);
        for (var i = 0; i < values.Count; i++)
        {
            errors.AddRange(Checks.Each(path.Child("values").Index(i), values[i], Names.LabelValue(values[i])));
        }

        return errors;
    }
}
