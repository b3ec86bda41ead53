using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Printing.JsonPath;

namespace NasAssistant.FakeKube.Tests.Printing;

/// <summary>The JSONPath subset printer columns use, with cases in the style of client-go's jsonpath_test.go.</summary>
public sealed class JsonPathTemplateTests
{
    private static readonly JsonNode Store = JsonNode.Parse("""
        {
          "kind": "List",
          "items": [
            {"metadata": {"name": "a", "labels": {"app.kubernetes.io/name": "web"}}, "spec": {"replicas": 1, "ratio": 0.5}, "status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "Degraded", "status": "False"}]}},
            {"metadata": {"name": "b"}, "spec": {"replicas": 3, "enabled": true}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}},
            {"metadata": {"name": "c"}, "spec": {"replicas": 5, "nothing": null}}
          ]
        }
        """)!;

    [Theory]
    [InlineData(".kind", "List")]
    [InlineData(".items[0].metadata.name", "a")]
    [InlineData(".items[-1].metadata.name", "c")]
    [InlineData(".items[1:].metadata.name", "b c")]
    [InlineData(".items[0:3:2].metadata.name", "a c")]
    [InlineData(".items[*].spec.replicas", "1 3 5")]
    [InlineData(".items[0].status.conditions[?(@.type==\"Ready\")].status", "True")]
    [InlineData(".items[?(@.spec.replicas>2)].metadata.name", "b c")]
    [InlineData(".items[?(@.spec.enabled)].metadata.name", "b")]
    [InlineData(".items[?(@.spec.replicas==3)].metadata.name", "b")]
    [InlineData(".items[0].metadata.labels.app\\.kubernetes\\.io/name", "web")]
    [InlineData(".items[0].metadata.labels['app.kubernetes.io/name']", "web")]
    [InlineData(".items[0].spec.ratio", "0.5")]
    [InlineData(".items[1].spec.enabled", "true")]
    [InlineData(".items[0].spec", "map[ratio:0.5 replicas:1]")]
    [InlineData(".items[2].status.conditions", "")]
    [InlineData("..name", "a b c")]
    public void FindResults_ReachesTheValues(string path, string expected)
    {
        var results = JsonPathTemplate.Parse(path).FindResults(Store);

        Assert.Equal(expected, string.Join(" ", results.Select(JsonPathTemplate.Text)));
    }

    [Theory]
    [InlineData(".items[5].metadata.name")]
    [InlineData(".kind[0]")]
    [InlineData(".items[?(@.spec.replicas==\"1\")].metadata.name")]
    public void FindResults_FailsWhereClientGoFails(string path) =>
        Assert.Throws<JsonPathException>(() => JsonPathTemplate.Parse(path).FindResults(Store));

    [Theory]
    [InlineData(1e6, "1e+06")]
    [InlineData(123456.0, "123456")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    public void Text_WritesFloatsAsGoDoes(double value, string expected) =>
        Assert.Equal(expected, JsonPathTemplate.Text(JsonValue.Create(value)));
}
