using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Printing;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// Turns a CustomResourceDefinition object into the resource it serves, with the checks the real
/// server makes before accepting one (names, scope, versions, CEL rules that compile).
/// </summary>
internal static class CustomResourceDefinitions
{
    public const string Group = "apiextensions.k8s.io";
    public const string Plural = "customresourcedefinitions";

    /// <summary>apiextensions.CustomResourceCleanupFinalizer: held until every instance is gone.</summary>
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public const string Established = "Established";

    public const string Terminating = "Terminating";

    public static bool IsCrd(ResourceType type) => type.Group == Group && type.Plural == Plural;

    /// <summary>The name of the CRD that serves <paramref name="type"/>: plural.group.</summary>
    public static string NameOf(ResourceType type) => $"{type.Plural}.{type.Group}";

    public static ResourceType Parse(JsonObject crd, CelRuleEvaluator cel)
    {
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject ?? new JsonObject();
        var names = spec["names"] as JsonObject ?? new JsonObject();
        var group = Text(spec, "group");
        var plural = Text(names, "plural");
        var kind = Text(names, "kind");
        var scope = Text(spec, "scope");
        var name = Meta.Name(crd);
        if (group.Length == 0)
        {
            errors.Add(FieldError.Required("spec.group"));
        }

        if (plural.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }

        if (kind.Length == 0)
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }

        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(FieldError.NotSupported("spec.scope", FieldError.Render(JsonValue.Create(scope)), ["\"Cluster\"", "\"Namespaced\""]));
        }

        if (name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", FieldError.Render(JsonValue.Create(name)), "must be spec.names.plural+\".\"+spec.group"));
        }

        var versions = (spec["versions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var served = versions.Where(v => v["served"]?.GetValue<bool>() != false).ToList();
        if (served.Count == 0)
        {
            errors.Add(FieldError.Required("spec.versions", "must have at least one served version"));
        }

        if (versions.Count(v => v["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", FieldError.Render(null), "must have exactly one version marked as storage version"));
        }

        var schemas = new Dictionary<string, CompiledSchema>(StringComparer.Ordinal);
        var tables = new Dictionary<string, ITableConvertor>(StringComparer.Ordinal);
        var hasStatus = false;
        ScaleSpec? scale = null;
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i];
            var versionName = Text(version, "name");
            if (version["schema"]?["openAPIV3Schema"] is JsonObject schema)
            {
                schemas[versionName] = CompiledSchema.Compile(schema, $"spec.versions[{i}].schema.openAPIV3Schema", cel, errors);
            }

            tables[versionName] = CustomResourceTableConvertor.For(version["additionalPrinterColumns"] as JsonArray);
            hasStatus |= version["subresources"]?["status"] is JsonObject;
            if (version["subresources"]?["scale"] is JsonObject scaleSpec)
            {
                scale = new ScaleSpec(Text(scaleSpec, "specReplicasPath"), Text(scaleSpec, "statusReplicasPath"), scaleSpec["labelSelectorPath"]?.GetValue<string>());
            }
        }

        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid("CustomResourceDefinition", Group, name, errors);
        }

        // The storage version goes first: it is what discovery reports as preferred here.
        var ordered = served.OrderByDescending(v => v["storage"]?.GetValue<bool>() == true).Select(v => Text(v, "name")).ToList();
        return new ResourceType
        {
            Group = group,
            Versions = ordered,
            Plural = plural,
            Singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant(),
            Kind = kind,
            Namespaced = scope == "Namespaced",
            HasStatus = hasStatus,
            Scale = scale,
            ShortNames = (names["shortNames"] as JsonArray)?.Select(n => n?.GetValue<string>() ?? string.Empty).ToList() ?? [],
            Schemas = schemas,
            TableConvertors = tables,
            IsCustom = true,
            ReturnsDeletedObject = true,
        };
    }

    /// <summary>The status the real server reports once a CRD is served: names accepted and established.</summary>
    public static JsonObject EstablishedStatus(JsonObject crd, string now)
    {
        var spec = crd["spec"] as JsonObject ?? new JsonObject();
        var storage = (spec["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true)?["name"]?.GetValue<string>() ?? "v1";
        return new JsonObject
        {
            ["acceptedNames"] = spec["names"]?.DeepClone(),
            ["storedVersions"] = new JsonArray(storage),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition(Established, "InitialNamesAccepted", "the initial names have been accepted", now)),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    private static string Text(JsonObject obj, string field) => obj[field]?.GetValue<string>() ?? string.Empty;
}
