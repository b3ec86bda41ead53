using static NasAssistant.FakeKube.Tests.TestSupport.TestCrds;

namespace NasAssistant.FakeKube.Tests.Crd;

/// <summary>
/// Defaults checked as ValidateDefaults does: pruned, valid against their own node, then the node's
/// rules on the raw default (nested defaults are not applied), with cases from apiextensions' tests.
/// </summary>
public sealed class DefaultValidationTests
{
    private const string Spec = Root + ".properties[spec]";

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"foo":{"type":"string"}},"default":{"foo":"abc"}}}}""")]
    [InlineData("""{"type":"object","properties":{"o":{"type":"object","properties":{"field1":{"type":"integer"},"field2":{"type":"integer"}},"x-kubernetes-validations":[{"rule":"self.field1 < self.field2"}],"default":{"field1":1,"field2":2}}}}""")]
    [InlineData("""{"type":"object","properties":{"v":{"type":"string","x-kubernetes-validations":[{"rule":"self.startsWith('kube')"}],"default":"kube-everything"}}}""")]
    [InlineData("""{"type":"object","properties":{"v":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"immutable"}],"default":"x"}}}""")]
    [InlineData("""{"type":"object","properties":{"s":{"type":"object","properties":{"type":{"type":"string","default":"ClusterIP"},"nodePort":{"type":"integer"}},"x-kubernetes-validations":[{"rule":"!has(self.nodePort) || self.type != 'ClusterIP'"}],"default":{}}}}""")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"object","properties":{"foo":{"type":"string"}},"x-kubernetes-preserve-unknown-fields":true,"default":{"foo":"abc","bar":42}}}}""")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"foo":{"type":"string"}},"default":{"apiVersion":"foo/v1","kind":"Foo","metadata":{"name":"foo"},"foo":"abc"}}}}""")]
    [InlineData("""{"type":"object","properties":{"cidrs":{"type":"array","items":{"type":"string","pattern":"^[0-9./]+$"},"maxItems":2,"default":["10.0.0.0/8","192.168.0.0/16"]}}}""")]
    public void Accepts_ValidDefaults(string spec) => Assert.Empty(Problems(WithSpec(spec)));

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"foo":{"type":"string"}},"default":{"foo":"abc","bar":42}}}}""",
        Spec + ".properties[a].default: Invalid value: map[string]interface {}{\"bar\":42, \"foo\":\"abc\"}: must not have unknown fields")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"nested":{"type":"object","properties":{"foo":{"type":"string"}},"default":{"foo":"abc","bar":42}}}}}}""",
        Spec + ".properties[e].properties[nested].default: Invalid value: map[string]interface {}{\"bar\":42, \"foo\":\"abc\"}: must not have unknown fields")]
    [InlineData("""{"type":"object","properties":{"c":{"type":"object","properties":{"foo":{"type":"string"}},"default":{"foo":42}}}}""",
        Spec + ".properties[c].default.foo: Invalid value: \"integer\": foo in body must be of type string: \"integer\"")]
    [InlineData("""{"type":"object","properties":{"r":{"type":"integer","maximum":50,"default":100}}}""",
        Spec + ".properties[r].default: Invalid value: 100:  in body should be less than or equal to 50")]
    [InlineData("""{"type":"object","properties":{"t":{"type":"string","enum":["a","b"],"default":"c"}}}""",
        Spec + ".properties[t].default: Unsupported value: \"c\": supported values: \"a\", \"b\"")]
    [InlineData("""{"type":"object","properties":{"r":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}},"default":{}}}}""",
        Spec + ".properties[r].default.name: Required value")]
    [InlineData("""{"type":"object","properties":{"v":{"type":"string","x-kubernetes-validations":[{"rule":"self.startsWith('kube')"}],"default":"x"}}}""",
        Spec + ".properties[v].default: Invalid value: \"string\": failed rule: self.startsWith('kube')")]
    [InlineData("""{"type":"object","properties":{"v":{"type":"string","x-kubernetes-validations":[{"rule":"self.size() > 3","message":"too short","reason":"FieldValueForbidden"}],"default":"x"}}}""",
        Spec + ".properties[v].default: Forbidden: too short")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true,"default":{"apiVersion":"v1"}}}}""",
        Spec + ".properties[e].default.kind: Required value")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true,"default":{"apiVersion":"a/b/c","kind":"Pod"}}}}""",
        Spec + ".properties[e].default.apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c")]
    public void Refuses_InvalidDefaults(string spec, string problem) => Assert.Equal([problem], Problems(WithSpec(spec)));

    [Fact]
    public void Rules_SeeTheRawDefault_WithoutNestedDefaults()
    {
        // min and max have defaults of their own, but the object's default is validated as written: {}.
        var crd = WithSpec("""
            {"type":"object","properties":{"range":{"type":"object","default":{},
              "properties":{"min":{"type":"integer","default":1},"max":{"type":"integer","default":3}},
              "x-kubernetes-validations":[{"rule":"self.min <= self.max","message":"min must not exceed max"}]}}}
            """);

        Assert.Equal([Spec + ".properties[range].default: Invalid value: \"object\": no such key: min evaluating rule: min must not exceed max"], Problems(crd));
    }

    [Fact]
    public void Rules_ReportTheFirstMissingKey_AsCelGoEvaluatesLogicalOperators()
    {
        var crd = WithSpec("""
            {"type":"object","default":{},
             "properties":{"a":{"type":"object","properties":{"x":{"type":"string"}}},"b":{"type":"object","properties":{"y":{"type":"integer"}}}},
             "x-kubernetes-validations":[{"rule":"(self.a.x != 'q' && self.a.x != 'r') || self.b.y <= 1"}]}
            """);

        Assert.Equal([Spec + ".default: Invalid value: \"object\": no such key: a evaluating rule: (self.a.x != 'q' && self.a.x != 'r') || self.b.y <= 1"], Problems(crd));
    }

    [Fact]
    public void RuleThatDoesNotCompile_FailsTheDefault_BeforeRulesAreChecked()
    {
        var crd = WithSpec("""{"type":"object","properties":{"v":{"type":"string","default":"x","x-kubernetes-validations":[{"rule":"self.foo == 1"}]}}}""");

        Assert.Equal(
            [Spec + ".properties[v].default: Invalid value: \"string\": rule compile error: compilation failed: ERROR: <input>:1:5: type 'string' does not support field selection\n | self.foo == 1\n | ....^"],
            Problems(crd));
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"metadata":{"type":"object","default":{"name":"foo"}}}}""", Root + ".properties[metadata].default: Forbidden: must not be set in top-level metadata")]
    [InlineData("""{"type":"object","properties":{"metadata":{"type":"object","properties":{"name":{"type":"string","default":"foo"}}}}}""", Root + ".properties[metadata].properties[name].default: Forbidden: must not be set in top-level metadata")]
    [InlineData("""{"type":"object","properties":{"e":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"metadata":{"type":"object","properties":{"annotations":{"type":"object","additionalProperties":{"type":"string","default":"abc"}}}}}}}}""",
        Root + ".properties[e].properties[metadata].properties[annotations].additionalProperties.default: Forbidden: must not be set inside additionalProperties applying to object metadata")]
    public void Refuses_DefaultsWhereTheyCannotApply(string schema, string problem) => Assert.Equal([problem], Problems(WithSchema(schema)));
}
