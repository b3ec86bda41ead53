using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// Structural OpenAPI v3 validation of custom resources (type, required, enum, bounds, lengths,
/// pattern, item and property counts, uniqueItems, nullable) plus the CEL rules at each node.
/// All errors are collected, like the real server, which reports them in one 422. Messages name
/// the field relative to the validated value (<c>{name} in body ...</c>), as kube-openapi does.
/// </summary>
internal sealed class SchemaValidator
{
    private static readonly HashSet<string> RootFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    private readonly CelRuleEvaluator? _cel;
    private readonly bool _checkSchema;
    private readonly string _root;
    private readonly List<FieldError> _errors = [];

    private SchemaValidator(CelRuleEvaluator? cel, bool checkSchema, string root)
    {
        _cel = cel;
        _checkSchema = checkSchema;
        _root = root;
    }

    public static List<FieldError> Validate(JsonObject obj, JsonObject? old, JsonObject schema, CelRuleEvaluator cel)
    {
        var validator = new SchemaValidator(cel, checkSchema: true, string.Empty);
        validator.Node(obj, old, old is not null, schema, string.Empty, isRoot: true);
        return validator._errors;
    }

    /// <summary>Only the schema checks, on a value found at <paramref name="path"/> (e.g. a CRD default).</summary>
    public static List<FieldError> ValidateValue(JsonNode? value, JsonObject schema, string path)
    {
        var validator = new SchemaValidator(null, checkSchema: true, path);
        validator.Node(value, null, false, schema, path, isRoot: false);
        return validator._errors;
    }

    /// <summary>Only the CEL rules, on a value found at <paramref name="path"/> that passed the schema checks.</summary>
    public static List<FieldError> EvaluateRules(JsonNode? value, JsonNode? old, bool hasOld, JsonObject schema, string path, CelRuleEvaluator cel)
    {
        var validator = new SchemaValidator(cel, checkSchema: false, path);
        validator.Node(value, old, hasOld, schema, path, isRoot: false);
        return validator._errors;
    }

    private void Node(JsonNode? node, JsonNode? old, bool hasOld, JsonObject schema, string path, bool isRoot)
    {
        if (node is null)
        {
            if (_checkSchema && !SchemaNode.Flag(schema, "nullable") && SchemaNode.Type(schema) is { } expected)
            {
                _errors.Add(FieldError.TypeInvalid(path, "\"null\"", $"{Name(path)} in body must be of type {expected}: \"null\""));
            }

            return;
        }

        if (!TypeMatches(node, schema))
        {
            var actual = SchemaNode.JsonTypeName(node);
            if (_checkSchema)
            {
                _errors.Add(FieldError.TypeInvalid(path, $"\"{actual}\"", $"{Name(path)} in body must be of type {SchemaNode.Type(schema)}: \"{actual}\""));
            }

            return;
        }

        if (_checkSchema)
        {
            Enum(node, schema, path);
        }

        switch (node)
        {
            case JsonObject obj:
                Object(obj, old as JsonObject, hasOld, schema, path, isRoot);
                break;
            case JsonArray array:
                Array(array, schema, path);
                break;
            default:
                if (_checkSchema)
                {
                    Scalar(node, schema, path);
                }

                break;
        }

        if (_cel is null)
        {
            return;
        }

        foreach (var rule in CelRule.Read(schema))
        {
            if (_cel.Evaluate(rule, node, old, hasOld, schema, path) is { } error)
            {
                _errors.Add(error);
            }
        }
    }

    /// <summary>The field as the validated value's body names it: relative to the value, empty for the value itself.</summary>
    private string Name(string path) => path.Length <= _root.Length ? string.Empty : path[_root.Length..].TrimStart('.');

    private static bool TypeMatches(JsonNode node, JsonObject schema)
    {
        if (SchemaNode.IsIntOrString(schema))
        {
            return SchemaNode.IsString(node) || SchemaNode.IsInteger(node);
        }

        return SchemaNode.Type(schema) switch
        {
            null or "" => true,
            "object" => node is JsonObject,
            "array" => node is JsonArray,
            "string" => SchemaNode.IsString(node),
            "integer" => SchemaNode.IsInteger(node),
            "number" => SchemaNode.IsNumber(node),
            "boolean" => SchemaNode.IsBoolean(node),
            _ => true,
        };
    }

    private void Enum(JsonNode node, JsonObject schema, string path)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            _errors.Add(FieldError.NotSupported(path, FieldError.Render(node), allowed.Select(FieldError.Render)));
        }
    }

    private void Object(JsonObject obj, JsonObject? old, bool hasOld, JsonObject schema, string path, bool isRoot)
    {
        if (_checkSchema && schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
            {
                if (!obj.ContainsKey(name))
                {
                    _errors.Add(FieldError.Required(SchemaNode.Child(path, name)));
                }
            }
        }

        if (_checkSchema)
        {
            Count(obj.Count, schema, "minProperties", "maxProperties", path, "properties");
        }

        var properties = SchemaNode.Properties(schema);
        var additional = SchemaNode.AdditionalProperties(schema);
        foreach (var (key, value) in obj)
        {
            if (isRoot && RootFields.Contains(key))
            {
                continue;
            }

            // Correlating old and new values through object properties and map keys is what lets
            // transition rules (oldSelf) run below the root, as on the real server.
            JsonNode? oldValue = null;
            var oldPresent = hasOld && old is not null && old.TryGetPropertyValue(key, out oldValue);
            if (properties?[key] is JsonObject propertySchema)
            {
                Node(value, oldValue, oldPresent, propertySchema, SchemaNode.Child(path, key), isRoot: false);
            }
            else if (additional is not null)
            {
                Node(value, oldValue, oldPresent, additional, SchemaNode.Key(path, key), isRoot: false);
            }
        }
    }

    private void Array(JsonArray array, JsonObject schema, string path)
    {
        if (_checkSchema)
        {
            ArrayBounds(array, schema, path);
        }

        if (SchemaNode.Items(schema) is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Node(array[i], null, false, items, SchemaNode.Index(path, i), isRoot: false);
            }
        }
    }

    private void ArrayBounds(JsonArray array, JsonObject schema, string path)
    {
        if (schema["minItems"] is { } minItems && array.Count < SchemaNode.Long(minItems))
        {
            _errors.Add(FieldError.Invalid(path, array.Count.ToString(CultureInfo.InvariantCulture), $"{Name(path)} in body should have at least {minItems} items"));
        }

        if (schema["maxItems"] is { } maxItems && array.Count > SchemaNode.Long(maxItems))
        {
            _errors.Add(FieldError.TooMany(path, array.Count, (int)SchemaNode.Long(maxItems)));
        }

        if (SchemaNode.Flag(schema, "uniqueItems"))
        {
            for (var i = 1; i < array.Count; i++)
            {
                if (Enumerable.Range(0, i).Any(j => JsonNode.DeepEquals(array[i], array[j])))
                {
                    _errors.Add(FieldError.Duplicate(SchemaNode.Index(path, i), FieldError.Render(array[i])));
                }
            }
        }

        ListSetsAndMaps(array, schema, path);
    }

    // listtype.ValidateListSetsAndMaps (apiextensions-apiserver): a set holds each item once, a map each key once; the
    // duplicate is named by the item of a set, by its keys (a map[string]interface{}) in a map.
    private void ListSetsAndMaps(JsonArray array, JsonObject schema, string path)
    {
        var listType = schema["x-kubernetes-list-type"]?.GetValue<string>();
        var keys = (schema["x-kubernetes-list-map-keys"] as JsonArray)?.Select(k => k!.GetValue<string>()).ToList() ?? [];
        if (listType is not ("set" or "map") || (listType == "map" && keys.Count == 0))
        {
            return;
        }

        var seen = new List<JsonNode?>();
        for (var i = 0; i < array.Count; i++)
        {
            var identity = listType == "set" || array[i] is not JsonObject item
                ? array[i]
                : new JsonObject(keys.Where(item.ContainsKey).Select(k => KeyValuePair.Create(k, item[k]?.DeepClone())));
            if (seen.Any(s => JsonNode.DeepEquals(s, identity)))
            {
                _errors.Add(FieldError.Duplicate(SchemaNode.Index(path, i), GoSyntax.BadValue(identity)));
            }
            else
            {
                seen.Add(identity);
            }
        }
    }

    private void Scalar(JsonNode node, JsonObject schema, string path)
    {
        if (SchemaNode.IsString(node))
        {
            var text = node.GetValue<string>();
            var length = text.EnumerateRunes().Count();
            if (schema["minLength"] is { } minLength && length < SchemaNode.Long(minLength))
            {
                _errors.Add(FieldError.Invalid(path, FieldError.Render(node), $"{Name(path)} in body should be at least {minLength} chars long"));
            }

            if (schema["maxLength"] is { } maxLength && length > SchemaNode.Long(maxLength))
            {
                _errors.Add(FieldError.Invalid(path, FieldError.Render(node), $"{Name(path)} in body should be at most {maxLength} chars long"));
            }

            if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.ECMAScript, PatternTimeout))
            {
                _errors.Add(FieldError.Invalid(path, FieldError.Render(node), $"{Name(path)} in body should match '{pattern}'"));
            }
        }
        else if (SchemaNode.IsNumber(node))
        {
            var value = SchemaNode.Double(node);
            if (schema["minimum"] is { } minimum)
            {
                var exclusive = SchemaNode.Flag(schema, "exclusiveMinimum");
                if (exclusive ? value <= SchemaNode.Double(minimum) : value < SchemaNode.Double(minimum))
                {
                    _errors.Add(FieldError.Invalid(path, FieldError.Render(node), $"{Name(path)} in body should be greater than {(exclusive ? string.Empty : "or equal to ")}{minimum.ToJsonString()}"));
                }
            }

            if (schema["maximum"] is { } maximum)
            {
                var exclusive = SchemaNode.Flag(schema, "exclusiveMaximum");
                if (exclusive ? value >= SchemaNode.Double(maximum) : value > SchemaNode.Double(maximum))
                {
                    _errors.Add(FieldError.Invalid(path, FieldError.Render(node), $"{Name(path)} in body should be less than {(exclusive ? string.Empty : "or equal to ")}{maximum.ToJsonString()}"));
                }
            }
        }
    }

    private void Count(int count, JsonObject schema, string minKey, string maxKey, string path, string noun)
    {
        if (schema[minKey] is { } min && count < SchemaNode.Long(min))
        {
            _errors.Add(FieldError.Invalid(path, count.ToString(CultureInfo.InvariantCulture), $"{Name(path)} in body should have at least {min} {noun}"));
        }

        if (schema[maxKey] is { } max && count > SchemaNode.Long(max))
        {
            _errors.Add(FieldError.Invalid(path, count.ToString(CultureInfo.InvariantCulture), $"{Name(path)} in body should have at most {max} {noun}"));
        }
    }
}
