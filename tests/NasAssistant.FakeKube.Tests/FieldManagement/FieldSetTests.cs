using System.Text.Json.Nodes;
using NasAssistant.FakeKube.FieldManagement;

namespace NasAssistant.FakeKube.Tests.FieldManagement;

/// <summary>FieldsV1 encoding and path printing (fieldpath/serialize.go, element.go).</summary>
public sealed class FieldSetTests
{
    [Theory]
    [InlineData("""{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}""")]
    [InlineData("""{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}""")]
    [InlineData("""{"f:metadata":{"f:finalizers":{"v:\"a\"":{},"v:\"b\"":{}}}}""")]
    [InlineData("""{"f:spec":{"f:args":{"i:0":{}}}}""")]
    public void FieldsV1_RoundTrips(string fields)
    {
        var parsed = JsonNode.Parse(fields)!.AsObject();
        Assert.True(JsonNode.DeepEquals(parsed, FieldSet.FromFieldsV1(parsed).ToFieldsV1()));
    }

    [Fact]
    public void Paths_PrintAsConflictsShowThem()
    {
        var set = FieldSet.FromFieldsV1(JsonNode.Parse("""{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{"f:image":{}}},"f:replicas":{}}}""")!.AsObject());
        Assert.Equal([".spec.replicas", ".spec.containers[name=\"app\"].image"], set.Paths().Select(ApplyConflicts.Format));
    }

    [Fact]
    public void Difference_KeepsChildrenOfARemovedParent_WhileRecursiveDifferenceDropsThem()
    {
        var set = FieldSet.FromFieldsV1(JsonNode.Parse("""{"f:status":{"f:replicas":{}},"f:spec":{"f:replicas":{}}}""")!.AsObject());
        var status = FieldSet.Of([PathElement.Field("status")]);
        Assert.Equal(2, set.Difference(status).Paths().Count());
        Assert.Equal([".spec.replicas"], set.RecursiveDifference(status).Paths().Select(ApplyConflicts.Format));
    }
}
