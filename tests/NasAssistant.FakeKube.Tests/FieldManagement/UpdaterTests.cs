using System.Text.Json.Nodes;
using NasAssistant.FakeKube.FieldManagement;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Tests.FieldManagement;

/// <summary>
/// The structured-merge-diff merge tables (merge/leaf_test.go, set_test.go, key_test.go): sequences of
/// applies and updates, the object they leave and who owns what.
/// </summary>
public sealed class UpdaterTests
{
    private static readonly SchemaSet Schemas = new(new Dictionary<string, JsonObject>
    {
        ["leaf"] = JsonNode.Parse("""{"type":"object","properties":{"numeric":{"type":"number"},"string":{"type":"string"},"bool":{"type":"boolean"}}}""")!.AsObject(),
        ["set"] = JsonNode.Parse("""{"type":"object","properties":{"list":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}}}""")!.AsObject(),
        ["keyed"] = JsonNode.Parse("""
            {"type":"object","properties":{"list":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
              "items":{"type":"object","properties":{"name":{"type":"string"},"value":{"type":"number"}}}}}}
            """)!.AsObject(),
    });

    public static TheoryData<string, string, string[], string, string> Cases => new()
    {
        // leaf_test.go
        { "apply_twice", "leaf", ["apply default {\"numeric\":1,\"string\":\"string\"}", "apply default {\"numeric\":2,\"string\":\"string\",\"bool\":false}"],
          """{"numeric":2,"string":"string","bool":false}""", "default: .bool .numeric .string" },
        { "apply_update_apply_no_conflict", "leaf", ["apply default {\"numeric\":1,\"string\":\"string\"}", "update controller {\"numeric\":1,\"string\":\"string\",\"bool\":true}", "apply default {\"numeric\":2,\"string\":\"string\"}"],
          """{"numeric":2,"string":"string","bool":true}""", "controller: .bool; default: .numeric .string" },
        { "apply_update_apply_with_conflict", "leaf", ["apply default {\"numeric\":1,\"string\":\"string\"}", "update controller {\"numeric\":1,\"string\":\"controller string\",\"bool\":true}", "apply default {\"numeric\":2,\"string\":\"user string\"} !controller .string", "force default {\"numeric\":2,\"string\":\"user string\"}"],
          """{"numeric":2,"string":"user string","bool":true}""", "controller: .bool; default: .numeric .string" },
        { "apply_twice_remove", "leaf", ["apply default {\"numeric\":1,\"string\":\"string\",\"bool\":false}", "apply default {\"string\":\"new string\"}"],
          """{"string":"new string"}""", "default: .string" },
        { "update_apply_omits", "leaf", ["apply default {\"numeric\":2}", "update controller {\"numeric\":1}", "apply default {}"],
          """{"numeric":1}""", "controller: .numeric" },
        { "update_remove_empty_set", "leaf", ["apply default {\"string\":\"string\"}", "update controller {\"string\":\"new string\"}"],
          """{"string":"new string"}""", "controller: .string" },
        { "apply_remove_empty_set", "leaf", ["apply default {\"string\":\"string\"}", "apply default {}"],
          "{}", string.Empty },

        // set_test.go: items of a set belong to whoever applied them.
        { "set_two_appliers", "set", ["apply a {\"list\":[\"a\",\"b\"]}", "apply b {\"list\":[\"c\"]}", "apply a {\"list\":[\"a\"]}"],
          """{"list":["a","c"]}""", "a: .list[=\"a\"]; b: .list[=\"c\"]" },
        { "set_shared_item", "set", ["apply a {\"list\":[\"a\",\"b\"]}", "apply b {\"list\":[\"b\"]}", "apply a {\"list\":[\"a\"]}"],
          """{"list":["a","b"]}""", "a: .list[=\"a\"]; b: .list[=\"b\"]" },

        // key_test.go: associative lists merge by key, item fields conflict.
        { "keyed_merge_and_conflict", "keyed", ["apply a {\"list\":[{\"name\":\"x\",\"value\":1}]}", "apply b {\"list\":[{\"name\":\"y\",\"value\":2}]}", "apply b {\"list\":[{\"name\":\"x\",\"value\":3}]} !a .list[name=\"x\"].value"],
          """{"list":[{"name":"x","value":1},{"name":"y","value":2}]}""", "a: .list[name=\"x\"] .list[name=\"x\"].name .list[name=\"x\"].value; b: .list[name=\"y\"] .list[name=\"y\"].name .list[name=\"y\"].value" },
        { "keyed_removal", "keyed", ["apply a {\"list\":[{\"name\":\"x\",\"value\":1},{\"name\":\"y\",\"value\":2}]}", "apply a {\"list\":[{\"name\":\"y\",\"value\":2}]}"],
          """{"list":[{"name":"y","value":2}]}""", "a: .list[name=\"y\"] .list[name=\"y\"].name .list[name=\"y\"].value" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Runs(string name, string schema, string[] operations, string expectedObject, string expectedManaged)
    {
        var type = SmdType.Of(Schemas.View(schema));
        JsonNode live = new JsonObject();
        var managers = new Dictionary<ManagerKey, VersionedSet>();
        foreach (var operation in operations)
        {
            var parts = operation.Split(' ', 3);
            var (verb, manager, rest) = (parts[0], parts[1], parts[2]);
            var conflict = rest.IndexOf(" !", StringComparison.Ordinal);
            var obj = JsonNode.Parse(conflict < 0 ? rest : rest[..conflict])!;
            var updater = new Updater(type, null);
            if (verb == "update")
            {
                managers = updater.Update(live, obj, "v1", managers, ManagerKey.ForUpdate(manager, "v1", string.Empty));
                live = obj;
                continue;
            }

            if (conflict >= 0)
            {
                var error = Assert.Throws<ApplyConflicts>(() => updater.Apply(live, obj, "v1", managers, ManagerKey.ForApply(manager, string.Empty), force: false));
                Assert.Equal(rest[(conflict + 2)..], string.Join(" ", error.Conflicts.Select(c => $"{c.Manager.Manager} {ApplyConflicts.Format(c.Path)}")));
                continue;
            }

            var (merged, result) = updater.Apply(live, obj, "v1", managers, ManagerKey.ForApply(manager, string.Empty), force: verb == "force");
            live = merged ?? live;
            managers = result;
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedObject), live), $"{name}: {live.ToJsonString()}");
        var owned = string.Join("; ", managers.OrderBy(m => m.Key.Manager, StringComparer.Ordinal)
            .Select(m => $"{m.Key.Manager}: " + string.Join(" ", m.Value.Set.Paths().Select(ApplyConflicts.Format).Order(StringComparer.Ordinal))));
        Assert.Equal(expectedManaged, owned);
    }
}
