using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Api;

/// <summary>The discovery documents (/api, /apis, /apis/{group}, /api/v1, /apis/{group}/{version}, /version).</summary>
internal static class Discovery
{
    private static readonly string[] ObjectVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    /// <summary>The document for <paramref name="path"/>, or null when the path is not a discovery path.</summary>
    public static JsonObject? For(string path, ResourceRegistry registry, string serverAddress)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var types = registry.All;
        return segments switch
        {
            ["version"] => new JsonObject
            {
                ["major"] = "1",
                ["minor"] = "35",
                ["gitVersion"] = "v1.35.0-fakekube",
                ["platform"] = "linux/amd64",
            },
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
            },
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray(types.Where(t => t.Group.Length > 0).GroupBy(t => t.Group).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (JsonNode?)Group(g.Key, g.ToList())).ToArray()),
            },
            ["apis", var group] when types.Any(t => t.Group == group) => Group(group, types.Where(t => t.Group == group).ToList()),
            ["api", "v1"] => ResourceList(string.Empty, "v1", types),
            ["apis", var group, var version] when types.Any(t => t.Group == group && t.Versions.Contains(version)) => ResourceList(group, version, types),
            _ => null,
        };
    }

    private static JsonObject Group(string name, List<ResourceType> types)
    {
        var versions = types.SelectMany(t => t.Versions).Distinct().ToList();
        var preferred = types[0].Versions[0];
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v }).ToArray()),
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{name}/{preferred}", ["version"] = preferred },
        };
    }

    private static JsonObject ResourceList(string group, string version, IReadOnlyList<ResourceType> types)
    {
        var resources = new JsonArray();
        foreach (var type in types.Where(t => t.Group == group && t.Versions.Contains(version)).OrderBy(t => t.Plural, StringComparer.Ordinal))
        {
            resources.Add(new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray(ObjectVerbs.Select(v => (JsonNode?)v).ToArray()),
                ["shortNames"] = new JsonArray(type.ShortNames.Select(s => (JsonNode?)s).ToArray()),
            });
            if (type.HasStatus)
            {
                resources.Add(Subresource(type, "status", type.Kind));
            }

            if (type.Scale is not null)
            {
                resources.Add(Subresource(type, "scale", "Scale"));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Subresource(ResourceType type, string name, string kind) => new()
    {
        ["name"] = $"{type.Plural}/{name}",
        ["singularName"] = string.Empty,
        ["namespaced"] = type.Namespaced,
        ["kind"] = kind,
        ["verbs"] = new JsonArray(SubresourceVerbs.Select(v => (JsonNode?)v).ToArray()),
    };
}
