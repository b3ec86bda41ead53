using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Schema.Cel;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// Walks a CRD schema as <c>ValidateCustomResourceDefinitionOpenAPISchema</c> does
/// (<c>apiextensions/validation/validation.go</c>): per-node OpenAPI restrictions, properties versus
/// additionalProperties, list and map types, list-map keys, the static checks of
/// <c>x-kubernetes-validations</c>, and, where the subtree has no schema errors, rule compilation with
/// its estimated cost. Schema errors of the whole tree come before rule errors, as on the server.
/// </summary>
internal sealed class OpenApiSchemaValidator(bool suppressPerExpressionCost)
{
    private static readonly HashSet<string> MetaFields = new(StringComparer.Ordinal) { "metadata", "kind", "apiVersion" };
    private static readonly string[] SupportedReasons = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];

    public static List<FieldError> Validate(JsonObject schema, string path, CelSchemaContext? cel, bool suppressPerExpressionCost)
    {
        var (schemaErrors, celErrors) = new OpenApiSchemaValidator(suppressPerExpressionCost).Walk(schema, path, SpecStandardValidator.Default, isRoot: true, cel);
        return [.. schemaErrors, .. celErrors];
    }

    private (List<FieldError> Schema, List<FieldError> Cel) Walk(JsonObject? schema, string path, SpecStandardValidator ssv, bool isRoot, CelSchemaContext? cel)
    {
        var schemaErrors = new List<FieldError>();
        var celErrors = new List<FieldError>();
        if (schema is null)
        {
            return (schemaErrors, celErrors);
        }

        void Append((List<FieldError> Schema, List<FieldError> Cel) child)
        {
            schemaErrors.AddRange(child.Schema);
            celErrors.AddRange(child.Cel);
        }

        schemaErrors.AddRange(ssv.Validate(schema, path));
        if (SchemaNode.Flag(schema, "uniqueItems"))
        {
            schemaErrors.Add(FieldError.Forbidden(SchemaNode.Child(path, "uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }

        var properties = SchemaNode.Properties(schema)?.Where(p => p.Value is JsonObject).Select(p => (p.Key, Schema: (JsonObject)p.Value!)).ToList() ?? [];
        if (schema["additionalProperties"] is { } additionalProperties)
        {
            if (properties.Count > 0 && (additionalProperties is JsonObject || additionalProperties.GetValueKind() == JsonValueKind.False))
            {
                schemaErrors.Add(FieldError.Forbidden(SchemaNode.Child(path, "additionalProperties"), "additionalProperties and properties are mutual exclusive"));
            }

            if (additionalProperties is JsonObject additional)
            {
                // Defaults inside metadata maps cannot be pruned without a value, so they are forbidden.
                var subSsv = ssv.InsideResourceMeta ? ssv.WithForbiddenDefaults("inside additionalProperties applying to object metadata") : ssv;
                Append(Walk(additional, SchemaNode.Child(path, "additionalProperties"), subSsv, false, cel?.Child(additional)));
            }
        }

        var mapType = schema["x-kubernetes-map-type"]?.GetValue<string>();
        foreach (var (name, property) in properties)
        {
            var subSsv = ssv;
            if (mapType is not (null or "granular" or "atomic"))
            {
                subSsv = subSsv.WithForbidOldSelfValidations(path);
            }

            if ((isRoot || SchemaNode.Flag(schema, "x-kubernetes-embedded-resource")) && MetaFields.Contains(name))
            {
                subSsv = subSsv.WithInsideResourceMeta();
                if (isRoot)
                {
                    subSsv = subSsv.WithForbiddenDefaults($"in top-level {name}");
                }
            }

            Append(Walk(property, SchemaNode.Key(SchemaNode.Child(path, "properties"), name), subSsv, false, cel?.Child(property)));
        }

        Append(Walk(schema["not"] as JsonObject, SchemaNode.Child(path, "not"), ssv, false, null));
        foreach (var keyword in new[] { "allOf", "oneOf", "anyOf" })
        {
            var clauses = (schema[keyword] as JsonArray)?.ToList() ?? [];
            for (var i = 0; i < clauses.Count; i++)
            {
                Append(Walk(clauses[i] as JsonObject, SchemaNode.Index(SchemaNode.Child(path, keyword), i), ssv, false, null));
            }
        }

        foreach (var (name, definition) in schema["definitions"] as JsonObject ?? [])
        {
            Append(Walk(definition as JsonObject, SchemaNode.Key(SchemaNode.Child(path, "definitions"), name), ssv, false, null));
        }

        var listType = schema["x-kubernetes-list-type"]?.GetValue<string>();
        if (schema["items"] is { } itemsNode)
        {
            // Only map-type lists correlate old and new items for transition rules.
            var subSsv = listType != "map" ? ssv.WithForbidOldSelfValidations(path) : ssv;
            if (itemsNode is JsonObject items)
            {
                Append(Walk(items, SchemaNode.Child(path, "items"), subSsv, false, cel?.Child(items)));
            }
            else if (itemsNode is JsonArray itemSchemas)
            {
                for (var i = 0; i < itemSchemas.Count; i++)
                {
                    if (itemSchemas[i] is JsonObject item)
                    {
                        Append(Walk(item, SchemaNode.Index(SchemaNode.Child(path, "items"), i), subSsv, false, cel?.Child(item)));
                    }
                }
            }
        }

        foreach (var (name, dependency) in schema["dependencies"] as JsonObject ?? [])
        {
            Append(Walk(dependency as JsonObject, SchemaNode.Key(SchemaNode.Child(path, "dependencies"), name), ssv, false, null));
        }

        if (schema["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && preserve.GetValueKind() == JsonValueKind.False)
        {
            schemaErrors.Add(FieldError.Invalid(SchemaNode.Child(path, "x-kubernetes-preserve-unknown-fields"), "false", "must be true or undefined"));
        }

        schemaErrors.AddRange(ListAndMapTypes(schema, path, mapType, listType));
        schemaErrors.AddRange(ListMapKeysAndSets(schema, path, listType));
        schemaErrors.AddRange(RuleFields(schema, path));
        if (schemaErrors.Count == 0 && cel is not null && schema["x-kubernetes-validations"] is JsonArray { Count: > 0 })
        {
            celErrors.AddRange(CompileRules(schema, path, ssv, cel));
        }

        return (schemaErrors, celErrors);
    }

    private static IEnumerable<FieldError> ListAndMapTypes(JsonObject schema, string path, string? mapType, string? listType)
    {
        var type = SchemaNode.Type(schema) ?? string.Empty;
        if (mapType is not null && type != "object")
        {
            yield return type.Length == 0
                ? FieldError.Required(SchemaNode.Child(path, "type"), "must be object if x-kubernetes-map-type is specified")
                : FieldError.Invalid(SchemaNode.Child(path, "type"), GoSyntax.Quote(type), "must be object if x-kubernetes-map-type is specified");
        }

        if (mapType is not (null or "atomic" or "granular"))
        {
            yield return FieldError.NotSupported(SchemaNode.Child(path, "x-kubernetes-map-type"), GoSyntax.Quote(mapType), ["\"atomic\"", "\"granular\""]);
        }

        if (listType is not null && type != "array")
        {
            yield return type.Length == 0
                ? FieldError.Required(SchemaNode.Child(path, "type"), "must be array if x-kubernetes-list-type is specified")
                : FieldError.Invalid(SchemaNode.Child(path, "type"), GoSyntax.Quote(type), "must be array if x-kubernetes-list-type is specified");
        }
        else if (listType == "set" && SchemaNode.Items(schema) is { } items)
        {
            // Set items must be atomic; granular is the default for objects and so must be said.
            var itemsListType = items["x-kubernetes-list-type"]?.GetValue<string>();
            switch (SchemaNode.Type(items))
            {
                case "array" when itemsListType is not (null or "atomic"):
                    yield return FieldError.Invalid(SchemaNode.Child(SchemaNode.Child(path, "items"), "x-kubernetes-list-type"), GoSyntax.Quote(itemsListType), "must be atomic as item of a list with x-kubernetes-list-type=set");
                    break;
                case "object" when items["x-kubernetes-map-type"]?.GetValue<string>() != "atomic":
                    yield return FieldError.Invalid(
                        SchemaNode.Child(SchemaNode.Child(path, "items"), "x-kubernetes-map-type"),
                        itemsListType is null ? "\"null\"" : GoSyntax.Quote(itemsListType),
                        "must be atomic as item of a list with x-kubernetes-list-type=set");
                    break;
            }
        }

        if (listType is not (null or "atomic" or "set" or "map"))
        {
            yield return FieldError.NotSupported(SchemaNode.Child(path, "x-kubernetes-list-type"), GoSyntax.Quote(listType), ["\"atomic\"", "\"set\"", "\"map\""]);
        }
    }

    private static IEnumerable<FieldError> ListMapKeysAndSets(JsonObject schema, string path, string? listType)
    {
        var keys = (schema["x-kubernetes-list-map-keys"] as JsonArray)?.Select(k => k?.GetValue<string>() ?? string.Empty).ToList() ?? [];
        if (keys.Count > 0)
        {
            if (listType is null)
            {
                yield return FieldError.Required(SchemaNode.Child(path, "x-kubernetes-list-type"), "must be map if x-kubernetes-list-map-keys is non-empty");
            }
            else if (listType != "map")
            {
                yield return FieldError.Invalid(SchemaNode.Child(path, "x-kubernetes-list-type"), GoSyntax.Quote(listType), "must be map if x-kubernetes-list-map-keys is non-empty");
            }
        }

        var items = SchemaNode.Items(schema);
        var itemsPath = SchemaNode.Child(path, "items");
        if (listType == "map")
        {
            if (keys.Count == 0)
            {
                yield return FieldError.Required(SchemaNode.Child(path, "x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map");
            }

            if (schema["items"] is null)
            {
                yield return FieldError.Required(itemsPath, "must have a schema if x-kubernetes-list-type is map");
            }
            else if (items is null)
            {
                yield return FieldError.Invalid(itemsPath, "\"array\"", "must only have a single schema if x-kubernetes-list-type is map");
            }
            else if (SchemaNode.Type(items) != "object")
            {
                yield return FieldError.Invalid(SchemaNode.Child(itemsPath, "type"), GoSyntax.Quote(SchemaNode.Type(items) ?? string.Empty), "must be object if parent array's x-kubernetes-list-type is map");
            }
            else
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    if (SchemaNode.Properties(items)?[key] is JsonObject keySchema)
                    {
                        if (SchemaNode.Type(keySchema) is "array" or "object")
                        {
                            yield return FieldError.Invalid(SchemaNode.Child(SchemaNode.Key(SchemaNode.Child(itemsPath, "properties"), key), "type"), "\"object\"", "must be a scalar type if parent array's x-kubernetes-list-type is map");
                        }
                    }
                    else
                    {
                        yield return FieldError.Invalid(SchemaNode.Child(path, "x-kubernetes-list-map-keys"), GoSyntax.StringSlice(keys), "entries must all be names of item properties");
                    }

                    if (!seen.Add(key))
                    {
                        yield return FieldError.Invalid(SchemaNode.Child(path, "x-kubernetes-list-map-keys"), GoSyntax.StringSlice(keys), "must not contain duplicate entries");
                    }
                }
            }
        }

        // validateMapListKeysMapSet
        if (items is null || listType is not ("set" or "map"))
        {
            yield break;
        }

        if (SchemaNode.Flag(items, "nullable"))
        {
            yield return FieldError.Forbidden(SchemaNode.Child(itemsPath, "nullable"), "cannot be nullable when x-kubernetes-list-type is " + listType);
        }

        if (listType != "map")
        {
            yield break;
        }

        var required = (items["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var key in keys)
        {
            if (SchemaNode.Properties(items)?[key] is not JsonObject keySchema)
            {
                continue;
            }

            var keyPath = SchemaNode.Key(SchemaNode.Child(itemsPath, "properties"), key);
            if (!required.Contains(key) && keySchema["default"] is null)
            {
                yield return FieldError.Required(SchemaNode.Child(keyPath, "default"), "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property");
            }

            if (SchemaNode.Flag(keySchema, "nullable"))
            {
                yield return FieldError.Forbidden(SchemaNode.Child(keyPath, "nullable"), "this property is in x-kubernetes-list-map-keys, so it cannot be nullable");
            }
        }
    }

    // The static checks of each x-kubernetes-validations entry.
    private static IEnumerable<FieldError> RuleFields(JsonObject schema, string path)
    {
        var rules = (schema["x-kubernetes-validations"] as JsonArray)?.ToList() ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] as JsonObject ?? new JsonObject();
            var rulePath = SchemaNode.Index(SchemaNode.Child(path, "x-kubernetes-validations"), i);
            var text = rule["rule"]?.GetValue<string>() ?? string.Empty;
            var message = rule["message"]?.GetValue<string>() ?? string.Empty;
            var messageExpression = rule["messageExpression"]?.GetValue<string>() ?? string.Empty;
            if (text.Trim().Length == 0)
            {
                yield return FieldError.Required(SchemaNode.Child(rulePath, "rule"), "rule is not specified");
            }
            else if (message.Length > 0 && message.Trim().Length == 0)
            {
                yield return FieldError.Invalid(SchemaNode.Child(rulePath, "message"), GoSyntax.Quote(message), "message must be non-empty if specified");
            }
            else if (HasNewlines(message.Trim()))
            {
                yield return FieldError.Invalid(SchemaNode.Child(rulePath, "message"), GoSyntax.Quote(message), "message must not contain line breaks");
            }
            else if (HasNewlines(text.Trim()) && message.Trim().Length == 0)
            {
                yield return FieldError.Required(SchemaNode.Child(rulePath, "message"), "message must be specified if rule contains line breaks");
            }

            if (messageExpression.Length > 0 && messageExpression.Trim().Length == 0)
            {
                yield return FieldError.Required(SchemaNode.Child(rulePath, "messageExpression"), "messageExpression must be non-empty if specified");
            }

            if (rule["reason"]?.GetValue<string>() is { } reason && !SupportedReasons.Contains(reason, StringComparer.Ordinal))
            {
                yield return FieldError.NotSupported(SchemaNode.Child(rulePath, "reason"), GoSyntax.Quote(reason), SupportedReasons.Select(GoSyntax.Quote));
            }

            var fieldPath = rule["fieldPath"]?.GetValue<string>() ?? string.Empty;
            if (fieldPath.Length > 0 && fieldPath.Trim().Length == 0)
            {
                yield return FieldError.Invalid(SchemaNode.Child(rulePath, "fieldPath"), GoSyntax.Quote(fieldPath), "fieldPath must be non-empty if specified");
            }

            if (HasNewlines(fieldPath))
            {
                yield return FieldError.Invalid(SchemaNode.Child(rulePath, "fieldPath"), GoSyntax.Quote(fieldPath), "fieldPath must not contain line breaks");
            }

            if (fieldPath.Length > 0 && StructuralSchemaValidator.ConversionError(schema) is null && SchemaFieldPath.Resolve(fieldPath, schema).Error is not null)
            {
                yield return FieldError.Invalid(SchemaNode.Child(rulePath, "fieldPath"), GoSyntax.Quote(fieldPath), "fieldPath must be a valid path");
            }
        }
    }

    private List<FieldError> CompileRules(JsonObject schema, string path, SpecStandardValidator ssv, CelSchemaContext cel)
    {
        var errors = new List<FieldError>();
        var validationsPath = SchemaNode.Child(path, "x-kubernetes-validations");
        if (cel.DeclType() is not { } declaration)
        {
            errors.Add(FieldError.Internal(validationsPath, "internal error: failed to construct type information for x-kubernetes-validations rules: unable to convert structural schema to CEL declarations"));
            return errors;
        }

        var rules = (schema["x-kubernetes-validations"] as JsonArray)!.ToList();
        var parsed = CelRule.Read(schema);
        for (var i = 0; i < parsed.Count; i++)
        {
            var rule = rules[i] as JsonObject ?? new JsonObject();
            var rulePath = SchemaNode.Index(validationsPath, i);
            var compiled = CelRuleCompiler.Compile(parsed[i], declaration);
            var cost = cel.ExpressionCost(compiled.MaxCost, declaration);
            if (!suppressPerExpressionCost && cost > CelCostLimits.StaticEstimatedCostLimit)
            {
                errors.Add(FieldError.Forbidden(SchemaNode.Child(rulePath, "rule"), CelCostLimits.ExceededMessage("estimated rule cost", cost, CelCostLimits.StaticEstimatedCostLimit)));
            }

            cel.TotalCost.Observe(SchemaNode.Child(rulePath, "rule"), cost);
            if (compiled.Error is { } error)
            {
                errors.Add(FieldError.Invalid(SchemaNode.Child(rulePath, "rule"), GoValidationRule.Render(rule), error));
            }

            if (compiled.MessageExpressionError is { } messageError)
            {
                errors.Add(FieldError.Invalid(SchemaNode.Child(rulePath, "messageExpression"), GoValidationRule.Render(rule), messageError));
            }
            else if (compiled.HasMessageExpression)
            {
                if (!suppressPerExpressionCost && compiled.MessageExpressionMaxCost > CelCostLimits.StaticEstimatedCostLimit)
                {
                    errors.Add(FieldError.Forbidden(
                        SchemaNode.Child(rulePath, "messageExpression"),
                        CelCostLimits.ExceededMessage("estimated messageExpression cost", compiled.MessageExpressionMaxCost, CelCostLimits.StaticEstimatedCostLimit)));
                }

                cel.TotalCost.Observe(SchemaNode.Child(rulePath, "messageExpression"), compiled.MessageExpressionMaxCost);
            }

            if (compiled.UsesOldSelf)
            {
                if (ssv.UncorrelatablePath is { } uncorrelatable)
                {
                    errors.Add(FieldError.Invalid(SchemaNode.Child(rulePath, "rule"), GoSyntax.Quote(parsed[i].Rule), $"oldSelf cannot be used on the uncorrelatable portion of the schema within {uncorrelatable}"));
                }
            }
            else if (parsed[i].OptionalOldSelf is { } optional)
            {
                errors.Add(FieldError.Invalid(SchemaNode.Child(rulePath, "optionalOldSelf"), optional ? "true" : "false", "may not be set if oldSelf is not used in rule"));
            }
        }

        return errors;
    }

    private static bool HasNewlines(string text) => text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal);
}
