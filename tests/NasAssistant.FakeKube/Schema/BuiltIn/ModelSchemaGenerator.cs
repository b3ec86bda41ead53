using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// Generates the OpenAPI v3 definitions of built-in kinds from the KubernetesClient model types by
/// reflection (JSON names, scalar formats, int-or-string, quantities, maps, lists, nested types), then
/// adds what the Go types declare beyond the JSON shape (<see cref="TypeTags"/>).
/// </summary>
internal sealed class ModelSchemaGenerator
{
    /// <summary>Internal annotation of how a field appears in its Go zero value; never published.</summary>
    public const string GoZeroExtension = "x-fakekube-go-zero";

    private readonly IReadOnlyDictionary<string, TypeTags> _tags;
    private readonly ModelDescriptions _descriptions;
    private readonly Dictionary<string, JsonObject> _definitions = new(StringComparer.Ordinal);

    private ModelSchemaGenerator(IReadOnlyDictionary<string, TypeTags> tags, ModelDescriptions descriptions)
    {
        _tags = tags;
        _descriptions = descriptions;
    }

    public static Dictionary<string, JsonObject> Generate(IEnumerable<Type> roots, IReadOnlyDictionary<string, TypeTags> tags, ModelDescriptions descriptions)
    {
        var generator = new ModelSchemaGenerator(tags, descriptions);
        foreach (var root in roots)
        {
            generator.Define(root);
        }

        generator.DefineScalars();
        return generator._definitions;
    }

    /// <summary>The model types reachable from <paramref name="roots"/> (for loading their descriptions).</summary>
    public static HashSet<Type> Reachable(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!IsModel(type) || !seen.Add(type))
            {
                continue;
            }

            foreach (var property in JsonProperties(type))
            {
                pending.Push(ElementType(property.PropertyType));
            }
        }

        return seen;
    }

    private static bool IsModel(Type type) =>
        type.Namespace == "k8s.Models" && type != typeof(IntOrString) && type != typeof(ResourceQuantity) && JsonProperties(type).Any();

    private static IEnumerable<PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);

    private static Type ElementType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        while (type.IsGenericType)
        {
            type = type.GetGenericArguments()[^1];
            type = Nullable.GetUnderlyingType(type) ?? type;
        }

        return type;
    }

    private string Define(Type type)
    {
        var name = ModelDefinitionNames.For(type);
        if (_definitions.ContainsKey(name))
        {
            return name;
        }

        var definition = new JsonObject();
        _definitions[name] = definition;
        var tags = _tags.GetValueOrDefault(name);
        Describe(definition, _descriptions.OfType(type));
        definition["type"] = "object";

        var properties = new JsonObject();
        var required = new List<string>();
        foreach (var property in JsonProperties(type).OrderBy(p => JsonName(p), StringComparer.Ordinal))
        {
            var jsonName = JsonName(property);
            var field = tags?.Fields.FirstOrDefault(f => f.Name == jsonName) ?? new FieldTags(jsonName);
            properties[jsonName] = Property(type, property, field);
            if (field.IsRequired || (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null))
            {
                required.Add(jsonName);
            }
        }

        definition["properties"] = properties;
        if (required.Count > 0)
        {
            definition["required"] = new JsonArray(required.Select(r => (JsonNode?)r).ToArray());
        }

        if (tags?.IsAtomicStruct == true)
        {
            definition["x-kubernetes-map-type"] = "atomic";
        }

        if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind.Length: > 0 } entity)
        {
            definition["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
            {
                ["group"] = entity.Group,
                ["kind"] = entity.Kind,
                ["version"] = entity.ApiVersion,
            });
        }

        return name;
    }

    private JsonObject Property(Type owner, PropertyInfo property, FieldTags field)
    {
        var schema = Schema(property.PropertyType, field);
        Describe(schema, _descriptions.OfProperty(owner, property.Name));
        if (field.DefaultValue is { } defaultValue)
        {
            schema["default"] = defaultValue.DeepClone();
        }

        if (field.ListType is { } listType)
        {
            schema["x-kubernetes-list-type"] = listType;
            if (field.ListMapKeys.Count > 0)
            {
                schema["x-kubernetes-list-map-keys"] = new JsonArray(field.ListMapKeys.Select(k => (JsonNode?)k).ToArray());
            }
        }

        if (field.MapType is { } mapType)
        {
            schema["x-kubernetes-map-type"] = mapType;
        }

        if (field.PatchMergeKey is { } mergeKey)
        {
            schema["x-kubernetes-patch-merge-key"] = mergeKey;
        }

        if (field.PatchStrategy is { } strategy)
        {
            schema["x-kubernetes-patch-strategy"] = strategy;
        }

        switch (field.Zero)
        {
            case GoZero.EmptyObject:
                schema[GoZeroExtension] = "object";
                break;
            case GoZero.Null:
                schema[GoZeroExtension] = "null";
                break;
        }

        return schema;
    }

    private JsonObject Schema(Type type, FieldTags field)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return SchemaSet.Ref(field.IsMicroTime ? ModelDefinitionNames.MicroTime : ModelDefinitionNames.Time);
        }

        if (type == typeof(IntOrString) || type == typeof(ResourceQuantity))
        {
            return SchemaSet.Ref(ModelDefinitionNames.For(type));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Schema(type.GetGenericArguments()[1], new FieldTags(field.Name)) };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var generic && (generic == typeof(IList<>) || generic == typeof(List<>)))
        {
            return new JsonObject { ["type"] = "array", ["items"] = Schema(type.GetGenericArguments()[0], new FieldTags(field.Name)) };
        }

        if (IsModel(type))
        {
            return SchemaSet.Ref(Define(type));
        }

        // runtime.RawExtension and apiextensions JSON: any value.
        return new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true };
    }

    // The named scalar types, as k8s.io/apimachinery declares their OpenAPI (OpenAPISchemaType/Format).
    private void DefineScalars()
    {
        _definitions[ModelDefinitionNames.IntOrString] = new JsonObject
        {
            ["description"] = "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
            ["type"] = "string",
            ["format"] = "int-or-string",
        };
        _definitions[ModelDefinitionNames.Quantity] = new JsonObject
        {
            ["description"] = "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.",
            ["type"] = "string",
        };
        _definitions[ModelDefinitionNames.Time] = new JsonObject
        {
            ["description"] = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
            ["type"] = "string",
            ["format"] = "date-time",
        };
        _definitions[ModelDefinitionNames.MicroTime] = new JsonObject
        {
            ["description"] = "MicroTime is version of Time with microsecond level precision.",
            ["type"] = "string",
            ["format"] = "date-time",
        };
    }

    private static string JsonName(PropertyInfo property) => property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;

    private static void Describe(JsonObject schema, string? description)
    {
        if (!string.IsNullOrEmpty(description))
        {
            schema["description"] = description;
        }
    }
}
