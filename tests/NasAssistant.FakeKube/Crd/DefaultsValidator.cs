using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// Validates every <c>default</c> of a schema as <c>ValidateDefaults</c> does
/// (<c>apiextensions-apiserver/pkg/apiserver/schema/defaulting/validation.go</c>): the raw default, with
/// no nested defaults applied, must be pruned (no unknown fields), have valid embedded type meta,
/// validate against its own node's schema, and then pass its node's <c>x-kubernetes-validations</c>
/// (with <c>oldSelf</c> bound to the default too). A rule that reads a field the default lacks fails
/// with CEL's "no such key". Defaults under <c>additionalProperties</c> are not visited.
/// </summary>
internal sealed class DefaultsValidator(CelRuleEvaluator cel)
{
    private static readonly HashSet<string> MetaFields = new(StringComparer.Ordinal) { "metadata", "kind", "apiVersion" };

    private readonly List<FieldError> _errors = [];

    public static List<FieldError> Validate(JsonObject schema, string path, CelRuleEvaluator cel)
    {
        var validator = new DefaultsValidator(cel);
        validator.Walk(schema, path, insideMeta: false, isResourceRoot: true);
        return validator._errors;
    }

    private void Walk(JsonObject schema, string path, bool insideMeta, bool isResourceRoot)
    {
        // The resource root is validated as an embedded resource.
        var embedded = isResourceRoot || SchemaNode.Flag(schema, "x-kubernetes-embedded-resource");
        if (embedded)
        {
            insideMeta = false;
        }

        if (schema["default"] is { } value)
        {
            CheckDefault(schema, value, SchemaNode.Child(path, "default"), insideMeta, embedded);
        }

        if (SchemaNode.Items(schema) is { } items)
        {
            Walk(items, SchemaNode.Child(path, "items"), insideMeta, isResourceRoot: false);
        }

        foreach (var (name, property) in SchemaNode.Properties(schema) ?? [])
        {
            if (property is JsonObject propertySchema)
            {
                Walk(propertySchema, SchemaNode.Key(SchemaNode.Child(path, "properties"), name), insideMeta || (embedded && MetaFields.Contains(name)), isResourceRoot: false);
            }
        }
    }

    private void CheckDefault(JsonObject schema, JsonNode value, string path, bool insideMeta, bool embedded)
    {
        if (!insideMeta)
        {
            if (SchemaPruner.HasUnknownFields(value, schema, embedded))
            {
                _errors.Add(FieldError.Invalid(path, GoSyntax.BadValue(value), "must not have unknown fields"));
            }

            if (EmbeddedResourceMeta.Validate(value, schema, path, embedded) is { Count: > 0 } metaErrors)
            {
                _errors.AddRange(metaErrors);
                return;
            }
        }

        if (SchemaValidator.ValidateValue(value, schema, path) is { Count: > 0 } schemaErrors)
        {
            _errors.AddRange(schemaErrors);
            return;
        }

        _errors.AddRange(SchemaValidator.EvaluateRules(value, value, hasOld: true, schema, path, cel));
    }
}
