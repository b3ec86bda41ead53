using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// Checks that a CRD schema is structural, as <c>ValidateStructural</c> does
/// (<c>apiextensions-apiserver/pkg/apiserver/schema/validation.go</c> and <c>complete.go</c>): every node
/// has a type (unless int-or-string or preserve-unknown-fields), arrays have items, metadata only
/// restricts name and generateName, <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c>/<c>not</c> only add value
/// validations, and patterns are valid Go regular expressions. Errors are sorted by their text, as
/// the real server sorts them.
/// </summary>
internal sealed class StructuralSchemaValidator
{
    private static readonly string[] NestedForbiddenValidations = ["allOf", "anyOf", "oneOf"];

    // What a value validation (allOf, anyOf, oneOf, not) may not specify, in the order validateNestedValueValidation checks it.
    private static readonly (string Keyword, string Detail)[] NestedForbidden =
    [
        ("type", "must be empty to be structural"),
        ("additionalProperties", "must be undefined to be structural"),
        ("default", "must be undefined to be structural"),
        ("title", "must be empty to be structural"),
        ("description", "must be empty to be structural"),
        ("nullable", "must be false to be structural"),
        ("x-kubernetes-preserve-unknown-fields", "must be false to be structural"),
        ("x-kubernetes-embedded-resource", "must be false to be structural"),
        ("x-kubernetes-int-or-string", "must be false to be structural"),
        ("x-kubernetes-list-map-keys", "must be empty to be structural"),
        ("x-kubernetes-list-type", "must be undefined to be structural"),
        ("x-kubernetes-map-type", "must be undefined to be structural"),
        ("x-kubernetes-validations", "must be empty to be structural"),
    ];

    private readonly List<FieldError> _errors = [];

    private enum Level
    {
        Root,
        Item,
        Field,
    }

    public static List<FieldError> Validate(JsonObject schema, string path)
    {
        var validator = new StructuralSchemaValidator();
        validator.Invariants(schema, Level.Root, path);
        validator.Completeness(schema, schema, path, path);
        validator._errors.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return validator._errors;
    }

    /// <summary>Why <c>NewStructural</c> cannot convert the schema at all, or null.</summary>
    public static string? ConversionError(JsonObject schema)
    {
        foreach (var (key, unsupported) in new[] { ("id", "id"), ("$schema", "schema"), ("$ref", "$ref"), ("patternProperties", "patternProperties"), ("dependencies", "dependencies"), ("additionalItems", "additionalItems"), ("definitions", "definitions") })
        {
            if (IsSet(schema[key]))
            {
                return $"OpenAPIV3Schema '{unsupported}' is not supported";
            }
        }

        if (schema["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && preserve.GetValueKind() == JsonValueKind.False)
        {
            return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
        }

        if (schema["items"] is JsonArray)
        {
            return "OpenAPIV3Schema 'items' must be a schema, but is an array";
        }

        var children = NestedForbiddenValidations.SelectMany(k => (schema[k] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Append(schema["not"] as JsonObject)
            .Append(schema["additionalProperties"] as JsonObject)
            .Append(schema["items"] as JsonObject)
            .Concat((SchemaNode.Properties(schema) ?? []).Select(p => p.Value as JsonObject));
        return children.OfType<JsonObject>().Select(ConversionError).FirstOrDefault(e => e is not null);
    }

    // validateStructuralInvariants
    private void Invariants(JsonObject s, Level level, string path)
    {
        var type = SchemaNode.Type(s) ?? string.Empty;
        if (type == "array" && s["items"] is null)
        {
            _errors.Add(FieldError.Required(SchemaNode.Child(path, "items"), "must be specified"));
        }

        if (SchemaNode.Items(s) is { } items)
        {
            Invariants(items, Level.Item, SchemaNode.Child(path, "items"));
        }

        foreach (var (name, property) in Properties(s))
        {
            Invariants(property, Level.Field, SchemaNode.Key(SchemaNode.Child(path, "properties"), name));
        }

        if (s["additionalProperties"] is not null)
        {
            if (level == Level.Root)
            {
                _errors.Add(FieldError.Forbidden(SchemaNode.Child(path, "additionalProperties"), "must not be used at the root"));
            }

            if (SchemaNode.AdditionalProperties(s) is { } additional)
            {
                Invariants(additional, Level.Field, SchemaNode.Child(path, "additionalProperties"));
            }
        }

        var intOrString = SchemaNode.IsIntOrString(s);
        var preserve = SchemaNode.Flag(s, "x-kubernetes-preserve-unknown-fields");
        var embedded = SchemaNode.Flag(s, "x-kubernetes-embedded-resource");
        if (intOrString && preserve)
        {
            _errors.Add(FieldError.Invalid(SchemaNode.Child(path, "x-kubernetes-preserve-unknown-fields"), "true", "must be false if x-kubernetes-int-or-string is true"));
        }

        if (intOrString && embedded)
        {
            _errors.Add(FieldError.Invalid(SchemaNode.Child(path, "x-kubernetes-embedded-resource"), "true", "must be false if x-kubernetes-int-or-string is true"));
        }

        ValueValidation(s, IsIntOrStringAnyOf(s), IsIntOrStringAllOf(s), path);

        if (embedded && type != "object")
        {
            _errors.Add(type.Length == 0
                ? FieldError.Required(SchemaNode.Child(path, "type"), "must be object if x-kubernetes-embedded-resource is true")
                : FieldError.Invalid(SchemaNode.Child(path, "type"), GoSyntax.Quote(type), "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (type.Length == 0 && !intOrString && !preserve)
        {
            _errors.Add(FieldError.Required(SchemaNode.Child(path, "type"), level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            }));
        }

        if (embedded && s["additionalProperties"] is not null)
        {
            _errors.Add(FieldError.Forbidden(SchemaNode.Child(path, "additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set"));
        }

        if (level == Level.Root && type.Length > 0 && type != "object")
        {
            _errors.Add(FieldError.Invalid(SchemaNode.Child(path, "type"), GoSyntax.Quote(type), "must be object at the root"));
        }

        var checkMetadata = level == Level.Root || embedded;
        var properties = SchemaNode.Properties(s);
        foreach (var field in new[] { "kind", "apiVersion" })
        {
            if (checkMetadata && properties?[field] is JsonObject typeMeta && SchemaNode.Type(typeMeta) != "string")
            {
                _errors.Add(FieldError.Invalid(
                    SchemaNode.Child(SchemaNode.Key(SchemaNode.Child(path, "properties"), field), "type"), GoSyntax.Quote(SchemaNode.Type(typeMeta) ?? string.Empty), "must be string"));
            }
        }

        if (properties?["metadata"] is JsonObject metadata)
        {
            MetadataInvariants(metadata, checkMetadata, level, SchemaNode.Key(SchemaNode.Child(path, "properties"), "metadata"));
        }

        if (embedded && !preserve && Properties(s).Count == 0)
        {
            _errors.Add(FieldError.Required(SchemaNode.Child(path, "properties"), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
    }

    // validateStructuralMetadataInvariants: at the root, metadata may only restrict name and generateName.
    private void MetadataInvariants(JsonObject metadata, bool checkMetadata, Level level, string path)
    {
        var type = SchemaNode.Type(metadata) ?? string.Empty;
        if (checkMetadata && type != "object")
        {
            _errors.Add(FieldError.Invalid(SchemaNode.Child(path, "type"), GoSyntax.Quote(type), "must be object"));
        }

        if (level != Level.Root)
        {
            return;
        }

        var properties = Properties(metadata).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var onlyNames = properties.Count > 0 && properties.IsSubsetOf(["name", "generateName"]);
        var specifiesMore = metadata.Any(p => p.Key switch
        {
            "type" or "default" => false,
            "properties" => properties.Count > 0 && !onlyNames,
            "additionalProperties" => p.Value is not null,
            _ => IsSet(p.Value),
        });
        if (specifiesMore)
        {
            _errors.Add(FieldError.Forbidden(path, "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }
    }

    // validateValueValidation
    private void ValueValidation(JsonObject v, bool skipAnyOf, bool skipFirstAllOfAnyOf, string path)
    {
        if (!skipAnyOf)
        {
            Nested(v, "anyOf", (i, nested, nestedPath) => NestedValueValidation(nested, false, nestedPath));
        }

        Nested(v, "allOf", (i, nested, nestedPath) => NestedValueValidation(nested, skipFirstAllOfAnyOf && i == 0, nestedPath));
        Nested(v, "oneOf", (i, nested, nestedPath) => NestedValueValidation(nested, false, nestedPath));
        if (v["not"] is JsonObject not)
        {
            NestedValueValidation(not, false, SchemaNode.Child(path, "not"));
        }

        if (v["pattern"]?.GetValue<string>() is { Length: > 0 } pattern && GoRegexpSyntax.Check(pattern) is { } problem)
        {
            _errors.Add(FieldError.Invalid(SchemaNode.Child(path, "pattern"), GoSyntax.Quote(pattern), "must be a valid regular expression, but isn't: " + problem));
        }

        void Nested(JsonObject schema, string keyword, Action<int, JsonObject, string> check)
        {
            if (schema[keyword] is JsonArray clauses)
            {
                for (var i = 0; i < clauses.Count; i++)
                {
                    if (clauses[i] is JsonObject clause)
                    {
                        check(i, clause, SchemaNode.Index(SchemaNode.Child(path, keyword), i));
                    }
                }
            }
        }
    }

    // validateNestedValueValidation: inside allOf/anyOf/oneOf/not only value validations are allowed.
    private void NestedValueValidation(JsonObject v, bool skipAnyOf, string path)
    {
        ValueValidation(v, skipAnyOf, false, path);
        if (SchemaNode.Items(v) is { } items)
        {
            NestedValueValidation(items, false, SchemaNode.Child(path, "items"));
        }

        foreach (var (name, property) in Properties(v))
        {
            NestedValueValidation(property, false, SchemaNode.Key(SchemaNode.Child(path, "properties"), name));
        }

        foreach (var (keyword, detail) in NestedForbidden)
        {
            Forbid(v, keyword, path, detail);
        }

        if (SchemaNode.Properties(v)?.ContainsKey("metadata") == true)
        {
            _errors.Add(FieldError.Forbidden(SchemaNode.Key(SchemaNode.Child(path, "properties"), "metadata"), "must not be specified in a nested context"));
        }
    }

    private void Forbid(JsonObject v, string keyword, string path, string detail)
    {
        var present = keyword switch
        {
            "type" or "title" or "description" => v[keyword] is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>().Length > 0,
            "additionalProperties" or "default" or "x-kubernetes-list-type" or "x-kubernetes-map-type" => v[keyword] is not null,
            _ => IsSet(v[keyword]),
        };
        if (present)
        {
            _errors.Add(FieldError.Forbidden(SchemaNode.Child(path, keyword), detail));
        }
    }

    // validateStructuralCompleteness (complete.go): properties and items named in value validations must exist structurally.
    private void Completeness(JsonObject v, JsonObject? s, string sPath, string vPath)
    {
        if (v["not"] is JsonObject not)
        {
            NestedCompleteness(not, s, sPath, SchemaNode.Child(vPath, "not"));
        }

        foreach (var keyword in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (v[keyword] is JsonArray clauses)
            {
                for (var i = 0; i < clauses.Count; i++)
                {
                    if (clauses[i] is JsonObject clause)
                    {
                        NestedCompleteness(clause, s, sPath, SchemaNode.Index(SchemaNode.Child(vPath, keyword), i));
                    }
                }
            }
        }
    }

    private void NestedCompleteness(JsonObject v, JsonObject? s, string sPath, string vPath)
    {
        if (s is null)
        {
            _errors.Add(FieldError.Required(sPath, $"because it is defined in {vPath}"));
            return;
        }

        Completeness(v, s, sPath, vPath);
        if (SchemaNode.Items(v) is { } items)
        {
            NestedCompleteness(items, SchemaNode.Items(s), SchemaNode.Child(sPath, "items"), SchemaNode.Child(vPath, "items"));
        }

        var structural = SchemaNode.Properties(s);
        foreach (var (name, property) in Properties(v))
        {
            var sChild = SchemaNode.Key(SchemaNode.Child(sPath, "properties"), name);
            var vChild = SchemaNode.Key(SchemaNode.Child(vPath, "properties"), name);
            if (structural?[name] is JsonObject sProperty)
            {
                NestedCompleteness(property, sProperty, sChild, vChild);
            }
            else
            {
                _errors.Add(FieldError.Required(sChild, $"because it is defined in {vChild}"));
            }
        }
    }

    private static bool IsIntOrStringAnyOf(JsonObject s) => s["anyOf"] is JsonArray anyOf && IsIntOrStringPair(anyOf);

    private static bool IsIntOrStringAllOf(JsonObject s) =>
        s["allOf"] is JsonArray { Count: >= 1 } allOf && allOf[0] is JsonObject first && first["anyOf"] is JsonArray anyOf && IsIntOrStringPair(anyOf);

    private static bool IsIntOrStringPair(JsonArray anyOf) =>
        anyOf.Count == 2 && IsOnlyType(anyOf[0], "integer") && IsOnlyType(anyOf[1], "string");

    private static bool IsOnlyType(JsonNode? node, string type) =>
        node is JsonObject clause && clause.All(p => p.Key == "type" ? p.Value?.GetValue<string>() == type : !IsSet(p.Value)) && SchemaNode.Type(clause) == type;

    private static List<(string Key, JsonObject Value)> Properties(JsonObject s) =>
        SchemaNode.Properties(s)?.Where(p => p.Value is JsonObject).Select(p => (p.Key, (JsonObject)p.Value!)).ToList() ?? [];

    /// <summary>Whether a JSON value differs from Go's zero value (false, "", empty, null).</summary>
    private static bool IsSet(JsonNode? value) => value switch
    {
        null => false,
        JsonObject obj => obj.Count > 0,
        JsonArray array => array.Count > 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            _ => true,
        },
        _ => true,
    };
}
