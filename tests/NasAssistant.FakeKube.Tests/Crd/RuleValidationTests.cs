using static NasAssistant.FakeKube.Tests.TestSupport.TestCrds;

namespace NasAssistant.FakeKube.Tests.Crd;

/// <summary>The checks of x-kubernetes-validations at registration: static fields, type-checking of each rule, oldSelf placement.</summary>
public sealed class RuleValidationTests
{
    private const string Spec = Root + ".properties[spec]";

    private const string Properties = """
        "properties":{"name":{"type":"string","maxLength":64},"replicas":{"type":"integer"},"enabled":{"type":"boolean"},
          "items":{"type":"array","maxItems":10,"items":{"type":"object","properties":{"key":{"type":"string","maxLength":64}}}}}
        """;

    private static string Rule(string rule, string extra = "") => $$"""{"type":"object",{{Properties}},"x-kubernetes-validations":[{"rule":{{System.Text.Json.JsonSerializer.Serialize(rule)}}{{extra}}}]}""";

    [Theory]
    [InlineData("self.replicas >= 0 && self.name.startsWith('a')")]
    [InlineData("self.items.all(i, i.key.size() < 10)")]
    [InlineData("!has(self.enabled) || self.enabled == (self.replicas > 0)")]
    [InlineData("self.name == oldSelf.name")]
    public void Accepts_RulesThatTypeCheck(string rule) => Assert.Empty(Problems(WithSpec(Rule(rule))));

    [Theory]
    [InlineData("self.nmae == 'x'", "compilation failed: ERROR: <input>:1:5: undefined field 'nmae'\n | self.nmae == 'x'\n | ....^")]
    [InlineData("self.replicas == 'one'", "compilation failed: ERROR: <input>:1:15: found no matching overload for '_==_' applied to '(int, string)'\n | self.replicas == 'one'\n | ..............^")]
    [InlineData("self.enabled.size() > 0", "compilation failed: ERROR: <input>:1:18: found no matching overload for 'size' applied to 'bool.()'\n | self.enabled.size() > 0\n | .................^")]
    [InlineData("self.replicas", "cel expression must evaluate to a bool")]
    public void Refuses_RulesThatDoNotTypeCheck(string rule, string detail)
    {
        var rendered = $"apiextensions.ValidationRule{{Rule:\"{rule}\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}}";
        Assert.Equal([$"{Spec}.x-kubernetes-validations[0].rule: Invalid value: {rendered}: {detail}"], Problems(WithSpec(Rule(rule))));
    }

    [Theory]
    [InlineData("", "", Spec + ".x-kubernetes-validations[0].rule: Required value: rule is not specified")]
    [InlineData("self.replicas > 0", ",\"message\":\" \"", Spec + ".x-kubernetes-validations[0].message: Invalid value: \" \": message must be non-empty if specified")]
    [InlineData("self.replicas > 0", ",\"message\":\"a\\nb\"", Spec + ".x-kubernetes-validations[0].message: Invalid value: \"a\\nb\": message must not contain line breaks")]
    [InlineData("self.replicas > 0 &&\\nself.replicas < 5", "", Spec + ".x-kubernetes-validations[0].message: Required value: message must be specified if rule contains line breaks")]
    [InlineData("self.replicas > 0", ",\"reason\":\"Bad\"", Spec + ".x-kubernetes-validations[0].reason: Unsupported value: \"Bad\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\"")]
    [InlineData("self.replicas > 0", ",\"fieldPath\":\".nope\"", Spec + ".x-kubernetes-validations[0].fieldPath: Invalid value: \".nope\": fieldPath must be a valid path")]
    [InlineData("self.replicas > 0", ",\"optionalOldSelf\":true", Spec + ".x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule")]
    [InlineData("self.replicas > 0", ",\"messageExpression\":\"self.replicas\"", Spec + ".x-kubernetes-validations[0].messageExpression: Invalid value: apiextensions.ValidationRule{Rule:\"self.replicas > 0\", Message:\"\", MessageExpression:\"self.replicas\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: messageExpression must evaluate to a string")]
    public void Refuses_InvalidRuleFields(string rule, string extra, string problem) =>
        Assert.Equal([problem], Problems(WithSpec(Rule(rule.Replace("\\n", "\n", StringComparison.Ordinal), extra))));

    [Fact]
    public void Refuses_OldSelf_BelowAListThatCannotCorrelateItems()
    {
        var crd = WithSpec("""
            {"type":"object","properties":{"items":{"type":"array","maxItems":5,"items":{"type":"string","maxLength":5,
              "x-kubernetes-validations":[{"rule":"self == oldSelf"}]}}}}
            """);

        Assert.Equal([Spec + ".properties[items].items.x-kubernetes-validations[0].rule: Invalid value: \"self == oldSelf\": oldSelf cannot be used on the uncorrelatable portion of the schema within " + Spec + ".properties[items]"], Problems(crd));
    }

    [Fact]
    public void SkipsRuleCompilation_WhereTheSchemaBelowHasErrors()
    {
        var crd = WithSpec("""{"type":"object","properties":{"a":{"type":"array","uniqueItems":true,"items":{"type":"string"}}},"x-kubernetes-validations":[{"rule":"self.nope"}]}""");

        Assert.Equal([Spec + ".properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"], Problems(crd));
    }
}
