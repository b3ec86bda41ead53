using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.BuiltIn;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>The schema that merges and field sets walk for an object of a served kind and version.</summary>
internal static class ResourceSchemas
{
    public static SchemaView? For(ResourceType type, string version)
    {
        if (type.IsCustom)
        {
            return type.SchemaFor(version) is { } schema ? CustomResourceSchemas.MergeView(type, version, schema) : null;
        }

        return BuiltInSchemas.DefinitionOf(type.Group, version, type.Kind) is { } definition
            ? BuiltInSchemas.Structural.View(definition)
            : null;
    }
}
