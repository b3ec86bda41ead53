using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Crd;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Printing;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// Turns a CustomResourceDefinition object into the resource it serves, after the v1 defaults and
/// the checks the real server makes before accepting one (<see cref="CrdValidator"/>).
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

    /// <summary>Defaults, validates (as an update when <paramref name="old"/> is given) and describes the served resource; 422 when invalid.</summary>
    public static ResourceType Parse(JsonObject crd, JsonObject? old, CelRuleEvaluator cel)
    {
        var spec = crd["spec"] as JsonObject ?? new JsonObject();
        crd["spec"] = spec;
        ApplyDefaults(spec);
        if (old is not null)
        {
            RecordStorageVersion(crd);
        }

        var errors = CrdValidator.Validate(crd, old, cel);
        if (errors.Count > 0)
        {
            throw KubeApiException.Invalid("CustomResourceDefinition", Group, Meta.Name(crd), errors);
        }

        var names = (JsonObject)spec["names"]!;
        var view = new CrdSpec(spec);
        var schemas = new Dictionary<string, CompiledSchema>(StringComparer.Ordinal);
        var tables = new Dictionary<string, ITableConvertor>(StringComparer.Ordinal);
        ScaleSpec? scale = null;
        var hasStatus = false;
        foreach (var version in view.Versions)
        {
            if (view.SchemaFor(version)?["openAPIV3Schema"] is JsonObject schema)
            {
                schemas[Text(version, "name")] = CompiledSchema.Compile(schema, cel);
            }

            tables[Text(version, "name")] = CustomResourceTableConvertor.For(version["additionalPrinterColumns"] as JsonArray);
            hasStatus |= view.StatusEnabled(version);
            if (version["subresources"]?["scale"] is JsonObject scaleSpec)
            {
                scale = new ScaleSpec(Text(scaleSpec, "specReplicasPath"), Text(scaleSpec, "statusReplicasPath"), scaleSpec["labelSelectorPath"]?.GetValue<string>());
            }
        }

        // The storage version goes first: it is what discovery reports as preferred here.
        var served = view.Versions.Where(v => v["served"]?.GetValue<bool>() != false);
        var ordered = served.OrderByDescending(v => v["storage"]?.GetValue<bool>() == true).Select(v => Text(v, "name")).ToList();
        return new ResourceType
        {
            Group = Text(spec, "group"),
            Versions = ordered,
            Plural = Text(names, "plural"),
            Singular = Text(names, "singular"),
            Kind = Text(names, "kind"),
            Namespaced = Text(spec, "scope") == "Namespaced",
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

    // SetDefaults_CustomResourceDefinitionSpec (apiextensions/v1/defaults.go)
    private static void ApplyDefaults(JsonObject spec)
    {
        if (spec["names"] is not JsonObject names)
        {
            spec["names"] = names = new JsonObject();
        }

        var kind = Text(names, "kind");
        if (Text(names, "singular").Length == 0)
        {
            names["singular"] = kind.ToLowerInvariant();
        }

        if (Text(names, "listKind").Length == 0 && kind.Length > 0)
        {
            names["listKind"] = kind + "List";
        }

        spec["conversion"] ??= new JsonObject { ["strategy"] = "None" };
    }

    // PrepareForUpdate (customresourcedefinition/strategy.go): a new storage version joins status.storedVersions.
    private static void RecordStorageVersion(JsonObject crd)
    {
        var storage = (crd["spec"]!["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true);
        if (storage is null || crd["status"] is not JsonObject status)
        {
            return;
        }

        if (status["storedVersions"] is not JsonArray stored)
        {
            status["storedVersions"] = stored = [];
        }

        var name = Text(storage, "name");
        if (!stored.Any(v => v?.GetValue<string>() == name))
        {
            stored.Add(name);
        }
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
