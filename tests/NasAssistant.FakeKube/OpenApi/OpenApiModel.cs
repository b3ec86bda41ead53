using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.BuiltIn;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>
/// What the OpenAPI documents publish at this moment: the served resources (built-in kinds and every
/// established CRD version) and the definitions they reference. Built per request, so CRDs appear and
/// disappear with their registration.
/// </summary>
internal sealed class OpenApiModel
{
    public const string PatchDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    public const string StatusDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";

    private OpenApiModel(IReadOnlyList<PublishedResource> resources, IReadOnlyDictionary<string, JsonObject> definitions)
    {
        Resources = resources;
        Definitions = definitions;
    }

    public IReadOnlyList<PublishedResource> Resources { get; }

    public IReadOnlyDictionary<string, JsonObject> Definitions { get; }

    public static OpenApiModel Of(ResourceRegistry registry)
    {
        var builtIn = BuiltInSchemas.Published.Definitions;
        var definitions = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (name, schema) in builtIn)
        {
            definitions[name] = BuiltInSchemas.WithoutInternalExtensions(schema);
        }

        definitions[PatchDefinition] = new JsonObject
        {
            ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            ["type"] = "object",
        };
        definitions[StatusDefinition] = new JsonObject
        {
            ["description"] = "Status is a return value for calls that don't return other objects.",
            ["type"] = "object",
            ["x-kubernetes-preserve-unknown-fields"] = true,
        };

        var resources = new List<PublishedResource>();
        foreach (var type in registry.All.OrderBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => t.Plural, StringComparer.Ordinal))
        {
            foreach (var version in type.Versions)
            {
                if (type.IsCustom)
                {
                    if (type.SchemaFor(version) is not { } schema)
                    {
                        continue;
                    }

                    var name = CustomResourceSchemas.DefinitionName(type.Group, version, type.Kind);
                    definitions[name] = CustomResourceSchemas.Publish(type, version, schema.Root);
                    definitions[name + "List"] = CustomResourceSchemas.PublishList(type, version, name);
                    resources.Add(new PublishedResource(type, version, name, name + "List"));
                }
                else if (BuiltInSchemas.DefinitionOf(type.Group, version, type.Kind) is { } definition)
                {
                    resources.Add(new PublishedResource(type, version, definition, definition + "List"));
                }
            }
        }

        return new OpenApiModel(resources, definitions);
    }

    /// <summary>The definitions <paramref name="roots"/> reference, directly or not, by name.</summary>
    public SortedDictionary<string, JsonObject> Closure(IEnumerable<string> roots)
    {
        var result = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (result.ContainsKey(name) || !Definitions.TryGetValue(name, out var schema))
            {
                continue;
            }

            result[name] = schema;
            foreach (var reference in SchemaRewriter.References(schema, SchemaSet.RefPrefix))
            {
                pending.Push(reference);
            }
        }

        return result;
    }
}
