using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Patching;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Tests.Patching;

/// <summary>
/// Raw fixtures of strategicpatch's patch_test.go (StrategicMergePatchRawTestCase: Current with the
/// ThreeWay patch gives Result), on its MergeItem test type.
/// </summary>
public sealed class StrategicMergePatchFixturesTests
{
    private const string Item = "mergeItem";

    // testdata MergeItem: mergingList merges by name, mergingIntList merges scalars, retainKeysMap
    // carries retainKeys; nonMergingList is replaced.
    private static readonly SchemaSet Schemas = new(new Dictionary<string, JsonObject>
    {
        [Item] = JsonNode.Parse("""
            {"type":"object","properties":{
              "name":{"type":"string"},"value":{"type":"string"},"other":{"type":"string"},
              "mergingList":{"type":"array","items":{"$ref":"#/components/schemas/mergeItem"},"x-kubernetes-patch-strategy":"merge","x-kubernetes-patch-merge-key":"name"},
              "mergeItemPtr":{"type":"array","items":{"$ref":"#/components/schemas/mergeItem"},"x-kubernetes-patch-strategy":"merge","x-kubernetes-patch-merge-key":"name"},
              "nonMergingList":{"type":"array","items":{"$ref":"#/components/schemas/mergeItem"}},
              "mergingIntList":{"type":"array","items":{"type":"integer"},"x-kubernetes-patch-strategy":"merge"},
              "retainKeysMap":{"$ref":"#/components/schemas/mergeItem","x-kubernetes-patch-strategy":"retainKeys"}}}
            """)!.AsObject(),
    });

    public static TheoryData<string, string, string, string> Fixtures => new()
    {
        { "add map and delete map from merging list with conflict",
          "mergingList: [{name: 1, other: a}, {name: 4, other: c}]",
          "{$setElementOrder/mergingList: [{name: 2}, {name: 3}], mergingList: [{name: 2}, {name: 3}, {name: 1, $patch: delete}]}",
          "mergingList: [{name: 4, other: c}, {name: 2}, {name: 3}]" },
        { "delete and reorder in one list, reorder in another",
          "{mergingList: [{name: a, value: a}, {name: b, value: b}], mergeItemPtr: [{name: c, value: c}, {name: d, value: d}]}",
          "{$setElementOrder/mergingList: [{name: b}], $setElementOrder/mergeItemPtr: [{name: d}, {name: c}], mergingList: [{$patch: delete, name: a}]}",
          "{mergingList: [{name: b, value: b}], mergeItemPtr: [{name: d, value: d}, {name: c, value: c}]}" },
        { "nested patch merge with empty list",
          "{name: hi, mergingList: [{name: hello2}]}",
          "{$setElementOrder/mergingList: [{name: hello}, {name: doesntexist}], mergingList: [{name: hello}]}",
          "{name: hi, mergingList: [{name: hello}, {name: hello2}]}" },
        { "delete items in lists of scalars",
          "mergingIntList: [1, 2, 3]",
          "{$setElementOrder/mergingIntList: [2, 1], $deleteFromPrimitiveList/mergingIntList: [3]}",
          "mergingIntList: [2, 1]" },
        { "add an item in a list and preserve order",
          "mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]",
          "{$setElementOrder/mergingList: [{name: 3}, {name: 1}, {name: 2}], mergingList: [{name: 3, value: 3}]}",
          "mergingList: [{name: 3, value: 3}, {name: 1, other: a}, {name: 2, value: 2, other: b}]" },
        { "retainKeys map with no change",
          "retainKeysMap: {name: foo, mergingList: [{name: a}, {name: b}, {name: c}]}",
          "retainKeysMap: {$retainKeys: [mergingList, name, value], $setElementOrder/mergingList: [{name: a}, {name: b}], value: bar}",
          "retainKeysMap: {name: foo, value: bar, mergingList: [{name: a}, {name: b}, {name: c}]}" },
        { "behavior of set element order for a merging list with duplicate",
          "mergingList: [{name: 1}, {name: 2, value: dup1}, {name: 3}, {name: 2, value: dup2}, {name: 4}]",
          "{$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}, {name: 2}]}",
          "mergingList: [{name: 2, value: dup1}, {name: 2, value: dup2}, {name: 1}, {name: 4}, {name: 3}]" },
        { "$setElementOrder contains item that is not present in the list to be merged",
          "mergingList: [{name: 1}, {name: 3}]",
          "{$setElementOrder/mergingList: [{name: 3}, {name: 2}, {name: 1}], mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]}",
          "mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]" },
        { "delete field from map in merging list",
          "mergingList: [{name: 1, value: 1, other: a}, {name: 2, value: 2, other: b}]",
          "{$setElementOrder/mergingList: [{name: 1}, {name: 2}], mergingList: [{name: 1, value: null}]}",
          "mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]" },
        { "replace non merging list nested in merging list",
          "mergingList: [{name: 1, other: a, nonMergingList: [{name: 1}, {name: 2, value: 2}]}, {name: 2, other: b}]",
          "{$setElementOrder/mergingList: [{name: 1}, {name: 2}], mergingList: [{name: 1, nonMergingList: [{name: 1, value: 1}]}]}",
          "mergingList: [{name: 1, other: a, nonMergingList: [{name: 1, value: 1}]}, {name: 2, other: b}]" },
        { "add field to map in merging list nested in merging list with deletion conflict",
          "mergingList: [{name: 1, other: a, mergingList: [{name: 2, value: 2, other: d}]}, {name: 2, other: b}]",
          "{$setElementOrder/mergingList: [{name: 1}, {name: 2}], mergingList: [{$setElementOrder/mergingList: [{name: 2}, {name: 1}], name: 1, mergingList: [{name: 1, value: 1}]}]}",
          "mergingList: [{name: 1, other: a, mergingList: [{name: 2, value: 2, other: d}, {name: 1, value: 1}]}, {name: 2, other: b}]" },
        { "add map to merging list by pointer",
          "mergeItemPtr: [{name: 1, other: a}, {name: 3}]",
          "{$setElementOrder/mergeItemPtr: [{name: 1}, {name: 2}], mergeItemPtr: [{name: 2}]}",
          "mergeItemPtr: [{name: 1, other: a}, {name: 2}, {name: 3}]" },
        { "add map to merging list by pointer with conflict",
          "mergeItemPtr: [{name: 3}]",
          "{$setElementOrder/mergeItemPtr: [{name: 1}, {name: 2}], mergeItemPtr: [{name: 1}, {name: 2}]}",
          "mergeItemPtr: [{name: 1}, {name: 2}, {name: 3}]" },
        { "preserve the order from the patch in a merging int list",
          "mergingIntList: [1, 2, 3]",
          "mergingIntList: [3, 1]",
          "mergingIntList: [2, 3, 1]" },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void AppliesTheThreeWayPatchToCurrent(string description, string current, string patch, string result)
    {
        var patched = StrategicMergePatch.Apply(YamlDocument.ReadObject(current), YamlDocument.ReadObject(patch), Schemas.View(Item));
        Assert.True(JsonNode.DeepEquals(YamlDocument.ReadObject(result), patched), $"{description}: {patched.ToJsonString()}");
    }
}
