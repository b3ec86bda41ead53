using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema;

/// <summary>One <c>x-kubernetes-validations</c> entry.</summary>
internal sealed record CelRule(string Rule, string? Message, string? MessageExpression, string? FieldPath, string? Reason)
{
    /// <summary>Transition rules (those that read <c>oldSelf</c>) only run on updates where an old value exists.</summary>
    public bool IsTransitionRule { get; } = System.Text.RegularExpressions.Regex.IsMatch(Rule, @"\boldSelf\b");

    /// <summary><c>optionalOldSelf</c>: the rule also runs without an old value, with <c>oldSelf</c> an optional.</summary>
    public bool? OptionalOldSelf { get; init; }

    public static IReadOnlyList<CelRule> Read(JsonObject schema) =>
        schema["x-kubernetes-validations"] is JsonArray rules
            ? rules.OfType<JsonObject>().Select(r => new CelRule(
                r["rule"]?.GetValue<string>() ?? string.Empty,
                r["message"]?.GetValue<string>(),
                r["messageExpression"]?.GetValue<string>(),
                r["fieldPath"]?.GetValue<string>(),
                r["reason"]?.GetValue<string>())
            {
                OptionalOldSelf = r["optionalOldSelf"]?.GetValue<bool>(),
            }).ToList()
            : [];
}
