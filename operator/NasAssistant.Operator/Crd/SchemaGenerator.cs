using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using NasAssistant.Operator.Api.Rules;
using NasAssistant.Operator.Api.Schema;
using NasAssistant.Operator.Json;

namespace NasAssistant.Operator.Crd;

/// <summary>
/// Builds a structural OpenAPI v3 schema from C# types by reflection: property names as the JSON
/// serializer writes them, descriptions from doc comments, bounds and patterns from the Schema*
/// attributes (for Kubernetes model types, from <see cref="KubernetesFieldSchema"/>), defaults from
/// property initializers, and CEL rules from <see cref="CrossFieldRules"/>.
/// </summary>
[RequiresUnreferencedCode(CrdGenerator.Reflects)]
[RequiresDynamicCode(CrdGenerator.Reflects)]
internal sealed class SchemaGenerator(XmlDocumentation apiDocs, XmlDocumentation kubernetesDocs)
{
    // The API server's quantity grammar (k8s.io/apimachinery resource.Quantity), without a minus sign:
    // every quantity of this API is a size or a compute resource, which Kubernetes refuses negative
    // (ValidateNonnegativeQuantity), and KubernetesClient cannot print a negative quantity.
    internal const string QuantityPattern =
        @"^\+?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    public V1JSONSchemaProps ForType(Type type, string? description) => ObjectSchema(type, description);

    public string? Describe(Type type) => Docs(type).Summary(type);

    /// <summary>JSON name of a property, as <see cref="OperatorJson"/> writes it.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>Properties that are part of the wire format.</summary>
    public static IEnumerable<PropertyInfo> WireProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .OrderBy(p => p.MetadataToken);

    private V1JSONSchemaProps ObjectSchema(Type type, string? description)
    {
        var properties = new Dictionary<string, V1JSONSchemaProps>();
        var required = new List<string>();
        // Only the API's own types declare defaults; Kubernetes models (V1Condition, V1Toleration) have none to offer.
        var defaults = type.Assembly == typeof(SchemaGenerator).Assembly ? Activator.CreateInstance(type) : null;
        foreach (var property in WireProperties(type))
        {
            var name = JsonName(property);
            var schema = PropertySchema(property);
            if (SchemaAttributes.Get<SchemaRequiredAttribute>(property) is not null)
            {
                required.Add(name);
            }
            else if (defaults is not null && DefaultOf(property, defaults) is { } value)
            {
                schema.DefaultProperty = value;
            }

            properties[name] = schema;
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = description ?? Docs(type).Summary(type),
            Properties = properties,
            Required = required.Count > 0 ? required : null,
            XKubernetesValidations = Validations(CrossFieldRules.For(type)),
        };
    }

    private V1JSONSchemaProps PropertySchema(PropertyInfo property)
    {
        var description = Docs(property.DeclaringType!).Summary(property);
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var schema = IsList(type) ? ListSchema(property, type) : ValueSchema(type, description);
        schema.Description = description;
        if (SchemaAttributes.Get<SchemaRangeAttribute>(property) is { } range)
        {
            schema.Minimum = range.Minimum;
            schema.Maximum = range.Maximum;
        }

        if (SchemaAttributes.Get<SchemaLengthAttribute>(property) is { } length)
        {
            schema.MinLength = length.Minimum;
            schema.MaxLength = length.Maximum;
        }

        if (SchemaAttributes.Get<SchemaPatternAttribute>(property) is { } pattern)
        {
            schema.Pattern = pattern.Pattern;
        }

        if (SchemaAttributes.Get<SchemaEnumAttribute>(property) is { } values)
        {
            schema.EnumProperty = [.. values.Values];
        }

        // Each item of a list, or each value of a map, takes the item attributes and the rules scoped to this property.
        if ((schema.Items ?? schema.AdditionalProperties) is V1JSONSchemaProps element)
        {
            if (SchemaAttributes.Get<SchemaItemPatternAttribute>(property) is { } itemPattern)
            {
                element.Pattern = itemPattern.Pattern;
            }

            if (SchemaAttributes.Get<SchemaItemLengthAttribute>(property) is { } itemLength)
            {
                element.MinLength = itemLength.Minimum;
                element.MaxLength = itemLength.Maximum;
            }
        }

        var scoped = CrossFieldRules.Within(property).Select(Validation).ToList();
        if (scoped.Count > 0)
        {
            var target = IsList(type) ? (V1JSONSchemaProps)schema.Items! : schema;
            target.XKubernetesValidations = [.. target.XKubernetesValidations ?? [], .. scoped];
        }

        return schema;
    }

    private V1JSONSchemaProps ListSchema(PropertyInfo property, Type listType)
    {
        var items = ValueSchema(listType.GetGenericArguments()[0], null);
        var schema = new V1JSONSchemaProps { Type = "array", Items = items };
        if (SchemaAttributes.Get<SchemaItemsAttribute>(property) is { } count)
        {
            schema.MinItems = count.Minimum;
            schema.MaxItems = count.Maximum;
        }

        if (SchemaAttributes.Get<ListMapKeysAttribute>(property) is { } mapKeys)
        {
            schema.XKubernetesListType = "map";
            schema.XKubernetesListMapKeys = [.. mapKeys.Keys];
            items.Required = [.. mapKeys.Keys.Union(items.Required ?? [])];
        }

        return schema;
    }

    private V1JSONSchemaProps ValueSchema(Type type, string? description)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(DateTime))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type == typeof(ResourceQuantity))
        {
            // Quantities are written as 2 or "500m": the same int-or-string shape Kubernetes uses.
            return new V1JSONSchemaProps
            {
                AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }],
                Pattern = QuantityPattern,
                XKubernetesIntOrString = true,
            };
        }

        if (type.IsEnum)
        {
            return new V1JSONSchemaProps { Type = "string", EnumProperty = [.. EnumNames(type)] };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var map
            && (map == typeof(Dictionary<,>) || map == typeof(IDictionary<,>)))
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ValueSchema(type.GetGenericArguments()[1], null) };
        }

        if (type.IsClass)
        {
            return ObjectSchema(type, description);
        }

        throw new NotSupportedException($"no schema mapping for {type}");
    }

    /// <summary>The wire names of an enum's values.</summary>
    public static IEnumerable<string> EnumNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name);

    /// <summary>
    /// The default the API server applies for a property: its initializer's value written out in full,
    /// nested defaults included. kube-apiserver checks every default raw against its own node's rules
    /// (ValidateDefaults), without filling in nested defaults first, so a rule on a bare <c>{}</c>
    /// would read fields that are not there; written out, a default is exactly what defaulting yields.
    /// </summary>
    internal static JsonNode? DefaultOf(PropertyInfo property, object owner) =>
        property.GetValue(owner) is { } value ? ToJson(value) : null;

    internal static JsonNode ToJson(object value) => OperatorJson.ToNode(value)!;

    private static List<V1ValidationRule>? Validations(IEnumerable<CrossFieldRule> rules)
    {
        var validations = rules.Select(Validation).ToList();
        return validations.Count > 0 ? validations : null;
    }

    private static V1ValidationRule Validation(CrossFieldRule rule) =>
        new() { Rule = rule.Expression, Message = rule.Message, FieldPath = rule.FieldPath, Reason = rule.Reason };

    private static bool IsList(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(List<>) || definition == typeof(IList<>));

    private XmlDocumentation Docs(Type type) => type.Assembly == typeof(SchemaGenerator).Assembly ? apiDocs : kubernetesDocs;
}
