using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// The CEL declaration of a schema node (<c>SchemaDeclType</c>, <c>k8s.io/apiserver/pkg/cel/common/schemas.go</c>,
/// with type names assigned as <c>MaybeAssignTypeName</c> does): objects become named struct types with
/// their escapable properties as fields, <c>additionalProperties</c> maps, arrays lists, and
/// int-or-string <c>dyn</c>. <see cref="MaxElements"/> and <see cref="MinSerializedSize"/> drive the
/// cost estimate. Schemas CEL cannot see (no type, arrays without items) have no declaration.
/// </summary>
internal sealed class CelDeclType
{
    // celconfig.MaxRequestSizeBytes (k8s.io/apiserver/pkg/apis/cel/config.go)
    public const long MaxRequestSizeBytes = 3 * 1024 * 1024;

    private const long MinStringSize = 2;
    private const long MinBoolSize = 4;
    private const long MinNumberSize = 1;
    private const long MinDurationSizeJson = 3;
    private const long JsonDateSize = 12;
    private const long MinDatetimeSizeJson = 21;
    private const long MaxDurationSizeJson = 32;
    private const long MaxDatetimeSizeJson = 32;

    private CelDeclType(CelType type, long minSerializedSize)
    {
        Type = type;
        MinSerializedSize = minSerializedSize;
    }

    public CelType Type { get; }

    /// <summary>Escaped field name to declaration, for objects.</summary>
    public IReadOnlyDictionary<string, CelDeclType>? Fields { get; private init; }

    public CelDeclType? KeyType { get; private init; }

    public CelDeclType? ElemType { get; private init; }

    /// <summary>Most items, properties or characters (bytes for strings) a value may have.</summary>
    public long MaxElements { get; private init; }

    /// <summary>Smallest JSON serialization of a value, in bytes.</summary>
    public long MinSerializedSize { get; }

    /// <summary>The declaration of <paramref name="schema"/> named <paramref name="typeName"/>, or null when CEL cannot see it.</summary>
    public static CelDeclType? FromSchema(JsonObject schema, bool isResourceRoot, string typeName)
    {
        if (SchemaNode.IsIntOrString(schema))
        {
            return new CelDeclType(CelType.Dyn, 1)
            {
                MaxElements = MaxLength(schema) is { } maxLength ? ZeroIfNegative(maxLength) * 4 : MaxRequestSizeBytes - 2,
            };
        }

        if (isResourceRoot)
        {
            schema = WithTypeAndObjectMeta(schema);
        }

        switch (SchemaNode.Type(schema))
        {
            case "array":
                {
                    if (SchemaNode.Items(schema) is not { } items
                        || FromSchema(items, SchemaNode.Flag(items, "x-kubernetes-embedded-resource"), typeName + ".@idx") is not { } element)
                    {
                        return null;
                    }

                    var maxItems = schema["maxItems"] is { } max
                        ? ZeroIfNegative(SchemaNode.Long(max))
                        : (MaxRequestSizeBytes - 2) / (element.MinSerializedSize + 1);
                    return new CelDeclType(CelType.List(element.Type), 2) { ElemType = element, MaxElements = maxItems };
                }

            case "object":
                return SchemaNode.AdditionalProperties(schema) is { } additional ? MapType(schema, additional, typeName) : ObjectType(schema, typeName);
            case "string":
                return StringType(schema);
            case "boolean":
                return new CelDeclType(CelType.Bool, MinBoolSize);
            case "number":
                return new CelDeclType(CelType.Double, MinNumberSize);
            case "integer":
                return new CelDeclType(CelType.Int, MinNumberSize);
            default:
                return null;
        }
    }

    /// <summary>Follows a cost-estimator path (field names, <c>@items</c>, <c>@values</c>, <c>@keys</c>) from this declaration.</summary>
    public CelDeclType? Follow(IEnumerable<string> path)
    {
        var current = this;
        foreach (var step in path)
        {
            current = step switch
            {
                "@items" or "@values" => current.ElemType,
                "@keys" => current.KeyType,
                _ => current.Fields?.GetValueOrDefault(step),
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static CelDeclType? MapType(JsonObject schema, JsonObject additional, string typeName)
    {
        if (FromSchema(additional, SchemaNode.Flag(additional, "x-kubernetes-embedded-resource"), typeName + ".@elem") is not { } value)
        {
            return null;
        }

        var maxProperties = schema["maxProperties"] is { } max
            ? ZeroIfNegative(SchemaNode.Long(max))
            : (MaxRequestSizeBytes - 2) / (value.MinSerializedSize + 6);
        return new CelDeclType(CelType.Map(CelType.String, value.Type), 2)
        {
            KeyType = new CelDeclType(CelType.String, MinStringSize),
            ElemType = value,
            MaxElements = maxProperties,
        };
    }

    private static CelDeclType ObjectType(JsonObject schema, string typeName)
    {
        var required = (schema["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        var fields = new Dictionary<string, CelDeclType>(StringComparer.Ordinal);
        var minSize = 2L;
        foreach (var (name, node) in SchemaNode.Properties(schema) ?? [])
        {
            if (node is not JsonObject property)
            {
                continue;
            }

            var escaped = CelFieldNames.Escape(name);
            if (FromSchema(property, SchemaNode.Flag(property, "x-kubernetes-embedded-resource"), $"{typeName}.{escaped ?? name}") is not { } field)
            {
                continue;
            }

            if (escaped is not null)
            {
                fields[escaped] = field;
            }

            // Defaults are filled in server-side, so only required properties without one count.
            if (required.Contains(name) && property["default"] is null)
            {
                minSize += name.Length + field.MinSerializedSize + 4;
            }
        }

        return new CelDeclType(CelType.Struct(typeName), minSize) { Fields = fields };
    }

    private static CelDeclType StringType(JsonObject schema)
    {
        var format = schema["format"]?.GetValue<string>();
        switch (format)
        {
            case "byte":
                return new CelDeclType(CelType.Bytes, MinStringSize)
                {
                    MaxElements = MaxLength(schema) is { } maxBytes ? ZeroIfNegative(maxBytes) : MaxRequestSizeBytes - 2,
                };
            case "duration":
                return new CelDeclType(CelType.Duration, MinDurationSizeJson) { MaxElements = MaxDurationSizeJson };
            case "date":
                return new CelDeclType(CelType.Timestamp, JsonDateSize) { MaxElements = JsonDateSize };
            case "date-time":
                return new CelDeclType(CelType.Timestamp, MinDatetimeSizeJson) { MaxElements = MaxDatetimeSizeJson };
        }

        long maxElements;
        if (MaxLength(schema) is { } maxLength)
        {
            // maxLength counts code points; a code point may take four bytes.
            maxElements = ZeroIfNegative(maxLength) * 4;
        }
        else if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            maxElements = values.Where(SchemaNode.IsString).Select(v => (long)v!.GetValue<string>().Length).DefaultIfEmpty(0).Max();
        }
        else
        {
            maxElements = MaxRequestSizeBytes - 2;
        }

        return new CelDeclType(CelType.String, MinStringSize) { MaxElements = maxElements };
    }

    // WithTypeAndObjectMeta (schemas.go): apiVersion, kind, metadata.name and metadata.generateName are always visible at a resource root.
    private static JsonObject WithTypeAndObjectMeta(JsonObject schema)
    {
        var properties = SchemaNode.Properties(schema);
        var metadata = properties?["metadata"] as JsonObject;
        var metaProperties = metadata is null ? null : SchemaNode.Properties(metadata);
        if (properties is not null && IsString(properties["kind"]) && IsString(properties["apiVersion"])
            && metadata is not null && SchemaNode.Type(metadata) == "object" && metaProperties is not null
            && IsString(metaProperties["name"]) && IsString(metaProperties["generateName"]))
        {
            return schema;
        }

        var result = (JsonObject)schema.DeepClone();
        var props = result["properties"] as JsonObject ?? new JsonObject();
        result["properties"] = props;
        props["kind"] = new JsonObject { ["type"] = "string" };
        props["apiVersion"] = new JsonObject { ["type"] = "string" };
        props["metadata"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["name"] = new JsonObject { ["type"] = "string" }, ["generateName"] = new JsonObject { ["type"] = "string" } },
        };
        return result;
    }

    private static bool IsString(JsonNode? schema) => schema is JsonObject s && SchemaNode.Type(s) == "string";

    private static long? MaxLength(JsonObject schema) =>
        schema["maxLength"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? SchemaNode.Long(v) : null;

    private static long ZeroIfNegative(long value) => Math.Max(0, value);
}
