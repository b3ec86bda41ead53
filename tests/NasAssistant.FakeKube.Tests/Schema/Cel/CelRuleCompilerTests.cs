using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.Cel;

namespace NasAssistant.FakeKube.Tests.Schema.Cel;

/// <summary>Registration-time compilation of rules: type errors in cel-go's words, results typed bool.</summary>
public sealed class CelRuleCompilerTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
    {"type":"object","properties":{
      "name":{"type":"string"},"replicas":{"type":"integer"},"ratio":{"type":"number"},"flag":{"type":"boolean"},
      "tags":{"type":"array","items":{"type":"string"}},
      "labels":{"type":"object","additionalProperties":{"type":"string"}},
      "size":{"x-kubernetes-int-or-string":true},
      "created":{"type":"string","format":"date-time"},
      "timeout":{"type":"string","format":"duration"},
      "blob":{"type":"string","format":"byte"},
      "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
      "anything":{"x-kubernetes-preserve-unknown-fields":true},
      "my-field":{"type":"string"},"namespace":{"type":"string"},
      "items":{"type":"array","items":{"type":"object","properties":{"key":{"type":"string"},"value":{"type":"integer"}}}},
      "source":{"type":"object","properties":{"url":{"type":"object","properties":{"href":{"type":"string"}}}}}}}
    """)!.AsObject();

    private static CelCompilation Compile(string rule, string? messageExpression = null) =>
        CelRuleCompiler.Compile(new CelRule(rule, null, messageExpression, null, null), CelDeclType.FromSchema(Schema, isResourceRoot: false, "selfType1")!);

    [Theory]
    [InlineData("self.replicas > 0")]
    [InlineData("has(self.name) && !has(self.source.url)")]
    [InlineData("self.tags.all(t, t.size() < 10)")]
    [InlineData("self.tags.exists(t, t == 'a') || self.tags.exists_one(t, t.startsWith('b'))")]
    [InlineData("self.tags.map(t, t + '!').filter(t, t.endsWith('!')).size() == size(self.tags)")]
    [InlineData("self.labels['a'] == 'b' && 'a' in self.labels && self.labels.all(k, k.lowerAscii() == k)")]
    [InlineData("type(self.size) == string ? self.size.matches('^[0-9]+%$') : self.size > 1")]
    [InlineData("self.ratio < 1.0 && self.replicas < 2.5 && self.replicas > 1u")]
    [InlineData("self.created < timestamp('2030-01-01T00:00:00Z') && self.timeout > duration('1s')")]
    [InlineData("size(self.blob) < 10 && string(self.blob).startsWith('a')")]
    [InlineData("self.name.split(',').size() < 3 && self.name.indexOf('x') < 2 && self.name.replace('a', 'b') != ''")]
    [InlineData("quantity(self.name).isGreaterThan(quantity('1Gi')) && isURL(self.name) && url(self.name).getHost() != ''")]
    [InlineData("self.items.all(i, i.value >= 0 && i.key != '') && self.items.map(i, i.value).sum() < 10")]
    [InlineData("self.__namespace__ != 'x' && self.my__dash__field != 'y'")]
    [InlineData("self.?name.orValue('') == '' && self.labels[?'a'].hasValue()")]
    [InlineData("self.tags.all(i, t, i < 3 && t != '') && self.labels.exists(k, v, v == k)")]
    [InlineData("sets.contains(self.tags, ['a']) && self.tags.isSorted()")]
    [InlineData("self.name == oldSelf.name")]
    [InlineData("[1, 2, 3].exists(x, x == self.replicas) && {'a': 1}.a == 1")]
    public void Accepts_WellTypedRules(string rule) => Assert.Null(Compile(rule).Error);

    [Theory]
    [InlineData("self.foo == 1", "ERROR: <input>:1:5: undefined field 'foo'\n | self.foo == 1\n | ....^")]
    [InlineData("has(self.foo)", "ERROR: <input>:1:4: undefined field 'foo'\n | has(self.foo)\n | ...^")]
    [InlineData("self.name == 1", "ERROR: <input>:1:11: found no matching overload for '_==_' applied to '(string, int)'\n | self.name == 1\n | ..........^")]
    [InlineData("size(self.flag) > 0", "ERROR: <input>:1:5: found no matching overload for 'size' applied to '(bool)'\n | size(self.flag) > 0\n | ....^")]
    [InlineData("self.flag.size() > 0", "ERROR: <input>:1:15: found no matching overload for 'size' applied to 'bool.()'\n | self.flag.size() > 0\n | ..............^")]
    [InlineData("self.tags.all(t, t)", "ERROR: <input>:1:18: expected type 'bool' but found 'string'\n | self.tags.all(t, t)\n | .................^")]
    [InlineData("self.replicas.foo == 1", "ERROR: <input>:1:14: type 'int' does not support field selection\n | self.replicas.foo == 1\n | .............^")]
    [InlineData("self.extra.anything == 1", "ERROR: <input>:1:11: undefined field 'anything'\n | self.extra.anything == 1\n | ..........^")]
    [InlineData("self.anything == 1", "ERROR: <input>:1:5: undefined field 'anything'\n | self.anything == 1\n | ....^")]
    [InlineData("self.namespace == 'x'", "ERROR: <input>:1:5: undefined field 'namespace'\n | self.namespace == 'x'\n | ....^")]
    [InlineData("self.name.startwith('a')", "ERROR: <input>:1:20: undeclared reference to 'startwith' (in container '')\n | self.name.startwith('a')\n | ...................^")]
    [InlineData("myVar == 1", "ERROR: <input>:1:1: undeclared reference to 'myVar' (in container '')\n | myVar == 1\n | ^")]
    [InlineData("[1, 'a'].size() == 2", "ERROR: <input>:1:5: expected type 'int' but found 'string'\n | [1, 'a'].size() == 2\n | ....^")]
    [InlineData("self.replicas.all(x, x > 0)", "ERROR: <input>:1:5: expression of type 'int' cannot be the range of a comprehension (must be list, map, or dynamic)\n | self.replicas.all(x, x > 0)\n | ....^")]
    [InlineData("self.name ==", "ERROR: <input>:1:13: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | self.name ==\n | ............^")]
    [InlineData("self.tags.all(1, true)", "ERROR: <input>:1:15: argument must be a simple name\n | self.tags.all(1, true)\n | ..............^")]
    public void Refuses_WithCelGoMessage(string rule, string message) =>
        Assert.Equal("compilation failed: " + message, Compile(rule).Error);

    [Theory]
    [InlineData("self.replicas")]
    [InlineData("self.size")]
    [InlineData("self.name + 'x'")]
    public void Refuses_NonBoolResults(string rule) => Assert.Equal("cel expression must evaluate to a bool", Compile(rule).Error);

    [Fact]
    public void MessageExpression_MustYieldAString()
    {
        Assert.Null(Compile("self.replicas > 0", "'replicas is ' + string(self.replicas)").MessageExpressionError);
        Assert.Equal("messageExpression must evaluate to a string", Compile("self.replicas > 0", "self.replicas").MessageExpressionError);
        Assert.StartsWith("messageExpression compilation failed: ERROR: <input>:1:5: undefined field 'nope'", Compile("self.replicas > 0", "self.nope").MessageExpressionError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("self.name == oldSelf.name", true)]
    [InlineData("self.name == 'a'", false)]
    public void DetectsTransitionRules(string rule, bool transition) => Assert.Equal(transition, Compile(rule).UsesOldSelf);
}
