using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// A rule as the server prints it when a compilation error names the whole rule: Go's <c>%#v</c> of
/// the internal <c>apiextensions.ValidationRule</c>. Set pointer fields print an address there; a
/// fixed placeholder stands in for it.
/// </summary>
internal static class GoValidationRule
{
    private const string Address = "0xc000000000";

    public static string Render(JsonObject rule)
    {
        var reason = rule["reason"] is null ? "(*apiextensions.FieldValueErrorReason)(nil)" : $"(*apiextensions.FieldValueErrorReason)({Address})";
        var optionalOldSelf = rule["optionalOldSelf"] is null ? "(*bool)(nil)" : $"(*bool)({Address})";
        return "apiextensions.ValidationRule{"
            + $"Rule:{GoSyntax.Quote(Text(rule, "rule"))}, Message:{GoSyntax.Quote(Text(rule, "message"))}, MessageExpression:{GoSyntax.Quote(Text(rule, "messageExpression"))}, "
            + $"Reason:{reason}, FieldPath:{GoSyntax.Quote(Text(rule, "fieldPath"))}, OptionalOldSelf:{optionalOldSelf}}}";
    }

    private static string Text(JsonObject rule, string field) => rule[field]?.GetValue<string>() ?? string.Empty;
}
