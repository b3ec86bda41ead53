using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Tests.Schema;

/// <summary>What the Cel package evaluates for x-kubernetes-validations rules, and what it lacks.</summary>
public sealed class CelRuleEvaluatorTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
    {"type":"object","properties":{
      "name":{"type":"string"},"min":{"type":"integer"},"max":{"type":"integer"},"ratio":{"type":"number"},
      "tags":{"type":"array","items":{"type":"string"}},
      "labels":{"type":"object","additionalProperties":{"type":"string"}},
      "source":{"type":"object","properties":{"builtin":{"type":"object"},"url":{"type":"object","properties":{"href":{"type":"string"}}}}},
      "empty":{"type":"string"},"none":{"type":"array","items":{"type":"string"}}}}
    """)!.AsObject();

    private static readonly JsonObject Self = JsonNode.Parse("""
    {"name":"MiniLM","min":1,"max":3,"ratio":0.5,"tags":["a","b"],"labels":{"tier":"web"},"source":{"builtin":{}},"empty":"","none":[]}
    """)!.AsObject();

    private readonly CelRuleEvaluator _cel = new();

    [Theory]
    [InlineData("self.min <= self.max")]
    [InlineData("has(self.name) && !has(self.source.url)")]
    [InlineData("[has(self.source.builtin), has(self.source.url)].exists_one(x, x)")]
    [InlineData("has(self.source.builtin) && has(self.empty) && has(self.none)")]
    [InlineData("self.tags.all(t, t.size() == 1)")]
    [InlineData("self.tags.exists(t, t == 'b')")]
    [InlineData("size(self.tags) == 2 && self.tags[0] == 'a'")]
    [InlineData("self.tags.map(t, t + '!').filter(t, t == 'a!').size() == 1")]
    [InlineData("'tier' in self.labels && self.labels.tier == 'web'")]
    [InlineData("self.name.matches('^[A-Za-z]+$') && self.name.startsWith('Mini') && self.name.contains('LM')")]
    [InlineData("self.name.lowerAscii() == 'minilm'")]
    [InlineData("self.ratio < 1.0 && self.ratio > 0.25")]
    [InlineData("self.min + 1 == 2 && self.max - self.min == 2 && self.max * 2 == 6")]
    [InlineData("self.min == 1 ? true : false")]
    [InlineData("duration('1s') < duration('2s')")]
    [InlineData("timestamp('2024-01-01T00:00:00Z') < timestamp('2025-01-01T00:00:00Z')")]
    [InlineData("string(self.min) == '1' && int('7') == 7")]
    public void Supported_RulesPass(string rule) =>
        Assert.Null(_cel.Evaluate(new CelRule(rule, null, null, null, null), Self, null, false, Schema, "spec"));

    [Theory]
    [InlineData("quantity('1Gi').isGreaterThan(quantity('1Mi'))")]
    [InlineData("url('https://x').getHost() == 'x'")]
    [InlineData("self.name.split('L').size() == 2")]
    [InlineData("self.tags.isSorted()")]
    [InlineData("self.?name.orValue('') != ''")]
    public void Unsupported_KubernetesLibraries_FailTheObjectWithAnEvaluationError(string rule)
    {
        var error = _cel.Evaluate(new CelRule(rule, "shown instead of the rule", null, null, null), Self, null, false, Schema, "spec");
        Assert.NotNull(error);
        Assert.EndsWith("evaluating rule: shown instead of the rule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailingRule_ReportsMessage_FieldPath_AndReason()
    {
        var error = _cel.Evaluate(new CelRule("self.min > self.max", "min must exceed max", null, ".min", "FieldValueForbidden"), Self, null, false, Schema, "spec");
        Assert.NotNull(error);
        Assert.Equal("spec.min: Forbidden: min must exceed max", error.ToString());
    }

    [Fact]
    public void FailingRule_WithoutMessage_QuotesTheRule()
    {
        var error = _cel.Evaluate(new CelRule("self.min > self.max", null, null, null, null), Self, null, false, Schema, "spec");
        Assert.Equal("spec: Invalid value: \"object\": failed rule: self.min > self.max", error?.ToString());
    }

    [Fact]
    public void MessageExpression_IsEvaluated()
    {
        var error = _cel.Evaluate(new CelRule("self.min > self.max", "static", "'max is ' + string(self.max)", null, null), Self, null, false, Schema, "spec");
        Assert.Equal("spec: Invalid value: \"object\": max is 3", error?.ToString());
    }

    [Fact]
    public void TransitionRule_RunsOnlyWithOldSelf()
    {
        var rule = new CelRule("self.name == oldSelf.name", "name is immutable", null, null, null);
        Assert.Null(_cel.Evaluate(rule, Self, null, false, Schema, "spec"));
        var old = JsonNode.Parse("""{"name":"other"}""");
        Assert.NotNull(_cel.Evaluate(rule, Self, old, true, Schema, "spec"));
    }

    [Theory]
    [InlineData("self.source.url.href == ''", "spec: Invalid value: \"object\": no such key: url evaluating rule: self.source.url.href == ''")]
    [InlineData("has(self.source.url.href)", "spec: Invalid value: \"object\": no such key: url evaluating rule: has(self.source.url.href)")]
    [InlineData("self.min / 0 == 1", "spec: Invalid value: \"object\": division by zero evaluating rule: self.min / 0 == 1")]
    public void RuntimeErrors_AreWordedAsCelGo(string rule, string expected) =>
        Assert.Equal(expected, _cel.Evaluate(new CelRule(rule, null, null, null, null), Self, null, false, Schema, "spec")?.ToString());

    [Fact]
    public void RuleThatDoesNotTypeCheck_FailsEveryValue()
    {
        var error = _cel.Evaluate(new CelRule("self.missing == 1", null, null, null, null), Self, null, false, Schema, "spec");
        Assert.StartsWith("spec: Invalid value: \"object\": rule compile error: compilation failed: ERROR: <input>:1:5: undefined field 'missing'", error?.ToString(), StringComparison.Ordinal);
    }
}
