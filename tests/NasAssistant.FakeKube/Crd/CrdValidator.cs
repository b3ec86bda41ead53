using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Storage;
using NameFormats = NasAssistant.FakeKube.Validation.Names;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// Validates a v1 CustomResourceDefinition on create and update as
/// <c>ValidateCustomResourceDefinition</c> and <c>ValidateCustomResourceDefinitionUpdate</c> do
/// (<c>apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go</c>): name, group, scope,
/// versions, names, each schema (structural, defaults, rules and their cost), subresources, printer
/// columns, selectable fields, conversion, and on update the immutable fields and stored versions.
/// </summary>
internal sealed class CrdValidator
{
    private const string Versions = "[]apiextensions.CustomResourceDefinitionVersion{...}";

    private readonly CrdSpec _spec;
    private readonly CrdSpec? _old;
    private readonly CelRuleEvaluator _cel;
    private readonly List<FieldError> _errors = [];

    private CrdValidator(CrdSpec spec, CrdSpec? old, CelRuleEvaluator cel)
    {
        _spec = spec;
        _old = old;
        _cel = cel;
    }

    public static List<FieldError> Validate(JsonObject crd, JsonObject? old, CelRuleEvaluator cel)
    {
        var spec = new CrdSpec(crd["spec"] as JsonObject ?? new JsonObject());
        var oldSpec = old?["spec"] is JsonObject previous ? new CrdSpec(previous) : null;
        var validator = new CrdValidator(spec, oldSpec, cel);
        validator.Name(Meta.Name(crd));
        validator.Spec();
        if (old is not null)
        {
            validator.Immutable();
            validator.StoredVersions(crd);
        }

        validator.PreserveUnknownFields();
        return validator._errors;
    }

    // The nameValidationFn of ValidateCustomResourceDefinition.
    private void Name(string name)
    {
        var required = $"{Text(Names, "plural")}.{Text(_spec.Spec, "group")}";
        var problems = NameFormats.Dns1123Subdomain(name).ToList();
        if (name != required)
        {
            problems.Add("must be spec.names.plural+\".\"+spec.group");
        }

        _errors.AddRange(problems.Select(p => FieldError.Invalid("metadata.name", GoSyntax.Quote(name), p)));
    }

    // validateCustomResourceDefinitionSpec
    private void Spec()
    {
        var spec = _spec.Spec;
        var group = Text(spec, "group");
        if (group.Length == 0)
        {
            _errors.Add(FieldError.Required("spec.group"));
        }
        else if (NameFormats.Dns1123Subdomain(group) is { Count: > 0 } groupProblems)
        {
            _errors.Add(FieldError.Invalid("spec.group", GoSyntax.Quote(group), string.Join(",", groupProblems)));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            _errors.Add(FieldError.Invalid("spec.group", GoSyntax.Quote(group), "should be a domain with at least one dot"));
        }

        var scope = Text(spec, "scope");
        if (scope.Length == 0)
        {
            _errors.Add(FieldError.Required("spec.scope"));
        }
        else if (scope is not ("Cluster" or "Namespaced"))
        {
            _errors.Add(FieldError.NotSupported("spec.scope", GoSyntax.Quote(scope), ["\"Cluster\"", "\"Namespaced\""]));
        }

        var preserveUnknownFields = SchemaNode.Flag(spec, "preserveUnknownFields");
        var requireStructural = !preserveUnknownFields || HasSchemaWith(HasDefaults) || HasSchemaWith(HasKubernetesExtensions);
        if (RequireOpenApiSchema() && _spec.Validation?["openAPIV3Schema"] is null)
        {
            for (var i = 0; i < _spec.Versions.Count; i++)
            {
                if (_spec.Versions[i]["schema"]?["openAPIV3Schema"] is null)
                {
                    _errors.Add(FieldError.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
                }
            }
        }

        if (preserveUnknownFields && HasSchemaWith(HasDefaults))
        {
            _errors.Add(FieldError.Invalid("spec.preserveUnknownFields", "true", "must be false in order to use defaults in the schema"));
        }

        var storage = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var unique = true;
        for (var i = 0; i < _spec.Versions.Count; i++)
        {
            var version = _spec.Versions[i];
            var name = Text(version, "name");
            storage += SchemaNode.Flag(version, "storage") ? 1 : 0;
            unique &= names.Add(name);
            if (NameFormats.Dns1035Label(name) is { Count: > 0 } problems)
            {
                _errors.Add(FieldError.Invalid($"spec.versions[{i}].name", GoSyntax.Quote(name), string.Join(",", problems)));
            }

            Version(version, $"spec.versions[{i}]", requireStructural);
        }

        if (!unique)
        {
            _errors.Add(FieldError.Invalid("spec.versions", Versions, "must contain unique version names"));
        }

        if (storage != 1)
        {
            _errors.Add(FieldError.Invalid("spec.versions", Versions, "must have exactly one version marked as storage version"));
        }

        foreach (var field in new[] { "plural", "singular", "kind", "listKind" })
        {
            if (Text(Names, field).Length == 0)
            {
                _errors.Add(FieldError.Required($"spec.names.{field}"));
            }
        }

        NamesOf(Names, "spec.names");
        var firstVersion = _spec.Versions.Count > 0 ? Text(_spec.Versions[0], "name") : string.Empty;
        _errors.AddRange(CrdSchemaValidator.Validate(_spec.Validation, _spec.AnyStatusEnabled, requireStructural, SchemaUnchanged(firstVersion), "spec.validation", _cel));
        _errors.AddRange(SubresourceValidator.Validate(_spec.Subresources, "spec.subresources"));
        _errors.AddRange(PrinterColumnValidator.Validate(_spec.PrinterColumns, "spec.additionalPrinterColumns"));
        Conversion(spec, preserveUnknownFields);
    }

    // validateCustomResourceDefinitionVersion
    private void Version(JsonObject version, string path, bool requireStructural)
    {
        if (DeprecationWarning(version) is { } warningProblem)
        {
            _errors.Add(FieldError.Invalid(SchemaNode.Child(path, "deprecationWarning"), GoSyntax.BadValue(version["deprecationWarning"]), warningProblem));
        }

        var schema = _spec.VersionSchema(version);
        _errors.AddRange(CrdSchemaValidator.Validate(schema, _spec.StatusEnabled(version), requireStructural, SchemaUnchanged(Text(version, "name")), SchemaNode.Child(path, "schema"), _cel));
        _errors.AddRange(SubresourceValidator.Validate(_spec.VersionSubresources(version), SchemaNode.Child(path, "subresources")));
        _errors.AddRange(PrinterColumnValidator.Validate(_spec.VersionColumns(version), SchemaNode.Child(path, "additionalPrinterColumns")));
        if (version["selectableFields"] is JsonArray { Count: > 0 } selectable)
        {
            if (_spec.SchemaFor(version)?["openAPIV3Schema"] is JsonObject openApi)
            {
                _errors.AddRange(SelectableFieldValidator.Validate(selectable, openApi, SchemaNode.Child(path, "selectableFields")));
            }
            else
            {
                _errors.Add(FieldError.Invalid(SchemaNode.Child(path, "selectableFields"), "\"\"", "selectableFields may only be set when version.schema.openAPIV3Schema is not included"));
            }
        }
    }

    // validateDeprecationWarning
    private static string? DeprecationWarning(JsonObject version)
    {
        if (version["deprecationWarning"]?.GetValue<string>() is not { } warning)
        {
            return null;
        }

        if (!SchemaNode.Flag(version, "deprecated"))
        {
            return "can only be set for deprecated versions";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(warning) > 256)
        {
            return "must be <= 256 characters long";
        }

        if (warning.Length == 0)
        {
            return "must not be an empty string";
        }

        var index = 0;
        foreach (var rune in warning.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                return $"must only contain printable UTF-8 characters; non-printable character found at index {index}";
            }

            index += rune.Utf8SequenceLength;
        }

        return null;
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(System.Text.Rune rune) =>
        rune.Value == ' ' || System.Text.Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    // ValidateCustomResourceDefinitionNames
    private void NamesOf(JsonObject names, string path)
    {
        foreach (var field in new[] { "plural", "singular" })
        {
            var value = Text(names, field);
            if (value.Length > 0 && NameFormats.Dns1035Label(value) is { Count: > 0 } problems)
            {
                _errors.Add(FieldError.Invalid($"{path}.{field}", GoSyntax.Quote(value), string.Join(",", problems)));
            }
        }

        foreach (var field in new[] { "kind", "listKind" })
        {
            var value = Text(names, field);
            if (value.Length > 0 && NameFormats.Dns1035Label(value.ToLowerInvariant()) is { Count: > 0 } problems)
            {
                _errors.Add(FieldError.Invalid($"{path}.{field}", GoSyntax.Quote(value), "may have mixed case, but should otherwise match: " + string.Join(",", problems)));
            }
        }

        foreach (var list in new[] { "shortNames", "categories" })
        {
            var values = (names[list] as JsonArray)?.Select(v => v?.GetValue<string>() ?? string.Empty).ToList() ?? [];
            for (var i = 0; i < values.Count; i++)
            {
                if (NameFormats.Dns1035Label(values[i]) is { Count: > 0 } problems)
                {
                    _errors.Add(FieldError.Invalid($"{path}.{list}[{i.ToString(CultureInfo.InvariantCulture)}]", GoSyntax.Quote(values[i]), string.Join(",", problems)));
                }
            }
        }

        var kind = Text(names, "kind");
        if (kind.Length > 0 && kind == Text(names, "listKind"))
        {
            _errors.Add(FieldError.Invalid($"{path}.listKind", GoSyntax.Quote(kind), "kind and listKind may not be the same"));
        }
    }

    // validateCustomResourceConversion (webhook client config details are not checked).
    private void Conversion(JsonObject spec, bool preserveUnknownFields)
    {
        if (spec["conversion"] is not JsonObject conversion)
        {
            return;
        }

        var strategy = Text(conversion, "strategy");
        if (strategy is not ("" or "None") && preserveUnknownFields)
        {
            _errors.Add(FieldError.Invalid("spec.conversion.strategy", GoSyntax.Quote(strategy), "must be None if spec.preserveUnknownFields is true"));
        }

        if (strategy.Length == 0)
        {
            _errors.Add(FieldError.Required("spec.conversion.strategy"));
        }
        else if (strategy is not ("None" or "Webhook"))
        {
            _errors.Add(FieldError.NotSupported("spec.conversion.strategy", GoSyntax.Quote(strategy), ["\"None\"", "\"Webhook\""]));
        }

        if (strategy == "Webhook")
        {
            if (conversion["webhook"]?["clientConfig"] is not JsonObject clientConfig)
            {
                _errors.Add(FieldError.Required("spec.conversion.webhookClientConfig", "required when strategy is set to Webhook"));
            }
            else if ((clientConfig["url"] is null) == (clientConfig["service"] is null))
            {
                _errors.Add(FieldError.Required("spec.conversion.webhookClientConfig", "exactly one of url or service is required"));
            }

            var reviewVersions = (conversion["webhook"]?["conversionReviewVersions"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? string.Empty).ToList() ?? [];
            if (reviewVersions.Count == 0)
            {
                _errors.Add(FieldError.Required("spec.conversion.conversionReviewVersions"));
            }
            else if (!reviewVersions.Any(v => v is "v1" or "v1beta1"))
            {
                _errors.Add(FieldError.Invalid("spec.conversion.conversionReviewVersions", GoSyntax.StringSlice(reviewVersions), "must include at least one of v1, v1beta1"));
            }
        }
        else if (conversion["webhook"] is JsonObject webhook)
        {
            if (webhook["clientConfig"] is not null)
            {
                _errors.Add(FieldError.Forbidden("spec.conversion.webhookClientConfig", "should not be set when strategy is not set to Webhook"));
            }

            if (webhook["conversionReviewVersions"] is JsonArray { Count: > 0 })
            {
                _errors.Add(FieldError.Forbidden("spec.conversion.conversionReviewVersions", "should not be set when strategy is not set to Webhook"));
            }
        }
    }

    // validateCustomResourceDefinitionSpecUpdate: the group and plural name the resource; scope and kind its storage once established.
    private void Immutable()
    {
        foreach (var (path, read) in new (string, Func<CrdSpec, string>)[]
        {
            ("spec.scope", s => Text(s.Spec, "scope")),
            ("spec.names.kind", s => Text(NamesIn(s), "kind")),
            ("spec.group", s => Text(s.Spec, "group")),
            ("spec.names.plural", s => Text(NamesIn(s), "plural")),
        })
        {
            if (read(_spec) != read(_old!))
            {
                _errors.Add(FieldError.Invalid(path, GoSyntax.Quote(read(_spec)), "field is immutable"));
            }
        }
    }

    // ValidateCustomResourceDefinitionStoredVersions: a version once stored must stay until migrated away.
    private void StoredVersions(JsonObject crd)
    {
        var stored = (crd["status"]?["storedVersions"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? string.Empty).ToList() ?? [];
        var served = _spec.Versions.Select(v => Text(v, "name")).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < stored.Count; i++)
        {
            if (!served.Contains(stored[i]))
            {
                _errors.Add(FieldError.Invalid(
                    $"status.storedVersions[{i.ToString(CultureInfo.InvariantCulture)}]",
                    GoSyntax.Quote(stored[i]),
                    $"missing from spec.versions; {stored[i]} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in {stored[i]} and removes {stored[i]} from status.storedVersions"));
            }
        }
    }

    // validatePreserveUnknownFields
    private void PreserveUnknownFields()
    {
        if (_old is not null && SchemaNode.Flag(_old.Spec, "preserveUnknownFields"))
        {
            return;
        }

        if (SchemaNode.Flag(_spec.Spec, "preserveUnknownFields"))
        {
            _errors.Add(FieldError.Invalid("spec.preserveUnknownFields", "true", "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        }
    }

    // requireOpenAPISchema: an update does not tighten what an existing CRD without schemas was allowed.
    private bool RequireOpenApiSchema() =>
        _old is null || _old.Validation?["openAPIV3Schema"] is not null || _old.Versions.All(v => v["schema"]?["openAPIV3Schema"] is not null);

    // versionsWithUnchangedSchemas: an unchanged schema keeps passing even if cost limits tightened.
    private bool SchemaUnchanged(string version)
    {
        var current = _spec.Versions.FirstOrDefault(v => Text(v, "name") == version);
        var previous = _old?.Versions.FirstOrDefault(v => Text(v, "name") == version);
        return current is not null && previous is not null && JsonNode.DeepEquals(_spec.SchemaFor(current), _old!.SchemaFor(previous));
    }

    private bool HasSchemaWith(Func<JsonObject, bool> predicate) =>
        _spec.Versions.Select(v => v["schema"]?["openAPIV3Schema"]).OfType<JsonObject>().Any(s => SchemaHas(s, predicate));

    private static bool SchemaHas(JsonObject schema, Func<JsonObject, bool> predicate) =>
        predicate(schema) || Children(schema).Any(child => SchemaHas(child, predicate));

    private static IEnumerable<JsonObject> Children(JsonObject schema) =>
        (SchemaNode.Properties(schema)?.Select(p => p.Value) ?? [])
            .Concat(new[] { "allOf", "anyOf", "oneOf" }.SelectMany(k => (schema[k] as JsonArray)?.AsEnumerable() ?? []))
            .Append(schema["items"]).Append(schema["not"]).Append(schema["additionalProperties"])
            .OfType<JsonObject>();

    private static bool HasDefaults(JsonObject schema) => schema["default"] is not null;

    private static bool HasKubernetesExtensions(JsonObject schema) =>
        SchemaNode.Flag(schema, "x-kubernetes-embedded-resource") || schema["x-kubernetes-preserve-unknown-fields"] is not null || SchemaNode.IsIntOrString(schema)
        || schema["x-kubernetes-list-map-keys"] is JsonArray { Count: > 0 } || schema["x-kubernetes-list-type"] is not null
        || schema["x-kubernetes-validations"] is JsonArray { Count: > 0 };

    private JsonObject Names => NamesIn(_spec);

    private static JsonObject NamesIn(CrdSpec spec) => spec.Spec["names"] as JsonObject ?? new JsonObject();

    private static string Text(JsonObject obj, string field) =>
        obj[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : string.Empty;
}
