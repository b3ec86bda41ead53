using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.Cel;

namespace NasAssistant.FakeKube.Tests.Schema.Cel;

/// <summary>Estimated rule costs, taken from TestCostEstimation in apiextensions' cel/compilation_test.go.</summary>
public sealed class CelCostEstimatorTests
{
    private const string Number = """{"type":"number"}""";
    private const string Text = """{"type":"string"}""";
    private const string Boolean = """{"type":"boolean"}""";
    private const string IntOrString = """{"x-kubernetes-int-or-string":true}""";
    private const string Duration = """{"type":"string","format":"duration"}""";
    private const string Date = """{"type":"string","format":"date"}""";
    private const string DateTime = """{"type":"string","format":"date-time"}""";

    private static ulong Cost(string schema, string rule) =>
        CelRuleCompiler.Compile(new CelRule(rule, null, null, null, null), CelDeclType.FromSchema(JsonNode.Parse(schema)!.AsObject(), false, "selfType1")!).MaxCost;

    private static string Array(string items, long? maxItems) =>
        $$"""{"type":"array","items":{{items}}{{(maxItems is { } max ? $",\"maxItems\":{max}" : string.Empty)}}}""";

    private static string Map(string values, long? maxProperties) =>
        $$"""{"type":"object","additionalProperties":{{values}}{{(maxProperties is { } max ? $",\"maxProperties\":{max}" : string.Empty)}}}""";

    private static string String(long? maxLength, string format = "") =>
        $$"""{"type":"string"{{format}}{{(maxLength is { } max ? $",\"maxLength\":{max}" : string.Empty)}}}""";

    public static TheoryData<string, string, ulong> Cases() => new()
    {
        { Array(Number, null), "self.all(x, true)", 4718591 },
        { Array(Number, 10), "self.all(x, true)", 32 },
        { Array(Text, null), "self.all(x, true)", 3145727 },
        { Array(Text, 20), "self.all(x, true)", 62 },
        { Array(Boolean, null), "self.all(x, true)", 1887437 },
        { Array(Boolean, 5), "self.all(x, true)", 17 },
        { Array(Array(Number, null), null), "self.all(x, true)", 3145727 },
        { Array(Array(Number, null), 100), "self.all(x, true)", 302 },
        { Map(Number, null), "self.all(x, true)", 1348169 },
        { Map(Number, 10), "self.all(x, true)", 32 },
        { Map(Text, null), "self.all(x, true)", 1179647 },
        { Map(Text, 3), "self.all(x, true)", 11 },
        { String(null), "self.contains('test')", 314574 },
        { String(10), "self.contains('test')", 5 },
        { String(null), "self.startsWith('test')", 2 },
        { String(null), "size(self + \"hello\") > size(\"hello\")", 314578 },
        { String(4), "size(self + \"hello\") > size(\"hello\")", 7 },
        { Array(Number, null), "self[1] == 0.0", 2 },
        { Array(Text, 8), "self[1] == self[1]", 314577 },
        { Array(Number, 10), "self.all(x, self.all(y, true))", 352 },
        { Array(Number, 10), "self.all(x, self.all(y, self.all(z, true)))", 3552 },
        { String(null), "self.matches(\"x\")", 314574 },
        { String(50), "self.matches(\"x\")", 22 },
        { String(null), "\"\".matches(\"(((((((((())))))))))[0-9]\")", 7 },
        { String(null), "self.matches(\"\")", 1 },
        { String(null), "self == \"x\"", 2 },
        { String(0), "self == \"x\"", 1 },
        { String(0, ",\"format\":\"byte\""), "self == b\"x\"", 1 },
        { Array(Number, null), "self.all(x, x == 0.0)", 6291454 },
        { Array(Number, 3 * 1024 * 2048), "self.all(x, x == 0.0)", 25165826 },
        { Array(IntOrString, null), "self.all(x, true)", 4718591 },
        { Array(IntOrString, null), "self[0] == 5", 3 },
        { Array(Boolean, null), "self[0] == false", 2 },
        { Array(Duration, null), "self.all(x, true)", 2359295 },
        { Array(Duration, null), "self[0].getHours() == 2", 4 },
        { Array(Date, null), "self.all(x, true)", 725936 },
        { Array(DateTime, null), "self.all(x, true)", 428963 },
        { Map(IntOrString, null), "self.all(x, true)", 1348169 },
        { Map(Duration, null), "self.all(x, true)", 1048577 },
        { Map(Date, null), "self.all(x, true)", 524288 },
        { Map(DateTime, null), "self.all(x, true)", 349526 },
        { String(null), "self.find('[0-9]+') == ''", 629147 },
        { String(10), "self.find('[0-9]+') == ''", 11 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EstimatesTheCostKubernetesDoes(string schema, string rule, ulong expected) => Assert.Equal(expected, Cost(schema, rule));
}
