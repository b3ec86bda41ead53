using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// ObjectMeta checks: ValidateObjectMeta / ValidateObjectMetaUpdate
/// (k8s.io/apimachinery/pkg/api/validation/objectmeta.go), with the core API's extra finalizer-name rule
/// (validateKubeFinalizerName in pkg/apis/core/validation/validation.go) where <c>kubeFinalizers</c> is set.
/// </summary>
internal static class ObjectMetaValidator
{
    private const int TotalAnnotationSizeLimit = 256 * 1024;
    private static readonly FieldPath MetadataPath = FieldPath.Root("metadata");

    // helper.IsStandardFinalizerName (pkg/apis/core/helper).
    private static readonly string[] StandardFinalizers = ["kubernetes", "orphan", "foregroundDeletion"];

    /// <summary>ValidateObjectMeta: name (by the kind's rule), namespace, labels, annotations, owners, finalizers.</summary>
    public static List<FieldError> Validate(JsonObject obj, bool namespaced, NameRule nameRule, bool kubeFinalizers = true)
    {
        var meta = obj["metadata"] as JsonObject ?? new JsonObject();
        var errors = new List<FieldError>();
        var generateName = JsonRead.Text(meta["generateName"]);
        if (generateName.Length > 0)
        {
            errors.AddRange(Checks.Each(MetadataPath.Child("generateName"), generateName, nameRule(generateName, true)));
        }

        var name = JsonRead.Text(meta["name"]);
        if (name.Length == 0)
        {
            errors.Add(Checks.Required(MetadataPath.Child("name"), "name or generateName is required"));
        }
        else
        {
            errors.AddRange(Checks.Each(MetadataPath.Child("name"), name, nameRule(name, false)));
        }

        var ns = JsonRead.Text(meta["namespace"]);
        if (namespaced)
        {
            errors.AddRange(ns.Length == 0
                ? [Checks.Required(MetadataPath.Child("namespace"))]
                : Checks.Each(MetadataPath.Child("namespace"), ns, Names.NameIsDnsLabel(ns, false)));
        }
        else if (ns.Length > 0)
        {
            errors.Add(Checks.Forbidden(MetadataPath.Child("namespace"), "not allowed on this type"));
        }

        errors.AddRange(Checks.NonNegative(MetadataPath.Child("generation"), JsonRead.Long(meta["generation"])));
        errors.AddRange(Common(meta));
        errors.AddRange(Finalizers(meta));
        if (kubeFinalizers)
        {
            errors.AddRange(KubeFinalizerNames(meta));
        }

        return errors;
    }

    /// <summary>ValidateObjectMetaUpdate: what may not change, and the checks every write repeats.</summary>
    public static List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old, bool kubeFinalizers = true)
    {
        var meta = obj["metadata"] as JsonObject ?? new JsonObject();
        var oldMeta = old["metadata"] as JsonObject ?? new JsonObject();
        var errors = new List<FieldError>();

        // Finalizers cannot be added once the object is being deleted.
        if (JsonRead.OptionalText(oldMeta["deletionTimestamp"]) is not null)
        {
            var added = JsonRead.Strings(meta["finalizers"]).Except(JsonRead.Strings(oldMeta["finalizers"]), StringComparer.Ordinal)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                errors.Add(Checks.Forbidden(MetadataPath.Child("finalizers"),
                    "no new finalizers can be added if the object is being deleted, found new finalizers " + GoSyntax.StringSlice(added)));
            }
        }

        errors.AddRange(Common(meta));
        if (kubeFinalizers)
        {
            errors.AddRange(KubeFinalizerNames(meta));
        }

        return errors;
    }

    // Labels, annotations and owner references: checked on create and update alike.
    private static IEnumerable<FieldError> Common(JsonObject meta) =>
        LabelSelectorValidator.Labels(meta["labels"], MetadataPath.Child("labels"))
            .Concat(Annotations(meta["annotations"], MetadataPath.Child("annotations")))
            .Concat(OwnerReferences(meta["ownerReferences"], MetadataPath.Child("ownerReferences")));

    /// <summary>ValidateAnnotations: keys are qualified names (case-insensitively), 256 KiB in total.</summary>
    public static IEnumerable<FieldError> Annotations(JsonNode? annotations, FieldPath path)
    {
        var errors = new List<FieldError>();
        var entries = JsonRead.Map(annotations);
        foreach (var (key, _) in entries)
        {
            errors.AddRange(Names.QualifiedName(key.ToLowerInvariant()).Select(m => FieldError.Invalid(path, GoSyntax.Quote(key), m)));
        }

        var size = entries.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Key) + Encoding.UTF8.GetByteCount(e.Value));
        if (size > TotalAnnotationSizeLimit)
        {
            errors.Add(FieldError.TooLong(path, TotalAnnotationSizeLimit));
        }

        return errors;
    }

    /// <summary>ValidateOwnerReferences: apiVersion, kind, name and uid required; at most one controller.</summary>
    private static List<FieldError> OwnerReferences(JsonNode? node, FieldPath path)
    {
        var errors = new List<FieldError>();
        var references = JsonRead.Objects(node);
        string? firstController = null;
        foreach (var reference in references)
        {
            var apiVersion = JsonRead.Text(reference["apiVersion"]);
            var kind = JsonRead.Text(reference["kind"]);
            var name = JsonRead.Text(reference["name"]);
            var version = VersionOf(apiVersion);
            if (version.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("apiVersion"), GoSyntax.Quote(apiVersion), "version must not be empty"));
            }

            if (kind.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("kind"), GoSyntax.Quote(kind), "must not be empty"));
            }

            if (name.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("name"), GoSyntax.Quote(name), "must not be empty"));
            }

            var uid = JsonRead.Text(reference["uid"]);
            if (uid.Length == 0)
            {
                errors.Add(FieldError.Invalid(path.Child("uid"), GoSyntax.Quote(uid), "must not be empty"));
            }

            if (apiVersion == "v1" && kind == "Event")
            {
                errors.Add(FieldError.Invalid(path, OwnerReference(reference), "/v1, Kind=Event is disallowed from being an owner"));
            }

            if (JsonRead.Bool(reference["controller"]) == true)
            {
                var current = $"{kind}/{name}";
                if (firstController is null)
                {
                    firstController = current;
                }
                else
                {
                    var all = $"[]v1.OwnerReference{{{string.Join(", ", references.Select(OwnerReference))}}}";
                    errors.Add(FieldError.Invalid(path, all,
                        $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}"));
                }
            }
        }

        return errors;
    }

    // ValidateFinalizers: qualified names, and not both orphan and foregroundDeletion.
    private static List<FieldError> Finalizers(JsonObject meta)
    {
        var path = MetadataPath.Child("finalizers");
        var finalizers = JsonRead.Strings(meta["finalizers"]);
        var errors = finalizers.SelectMany(f => Checks.Each(path, f, Names.QualifiedName(f))).ToList();
        if (finalizers.Contains("orphan") && finalizers.Contains("foregroundDeletion"))
        {
            errors.Add(FieldError.Invalid(path, GoValue.StringSlice(meta["finalizers"]), "finalizer orphan and foregroundDeletion cannot be both set"));
        }

        return errors;
    }

    // validateKubeFinalizerName: a finalizer without a domain must be one of the standard ones.
    private static IEnumerable<FieldError> KubeFinalizerNames(JsonObject meta)
    {
        var finalizers = JsonRead.Strings(meta["finalizers"]);
        for (var i = 0; i < finalizers.Count; i++)
        {
            if (!finalizers[i].Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(finalizers[i]))
            {
                yield return FieldError.Invalid(MetadataPath.Child("finalizers").Index(i), GoSyntax.Quote(finalizers[i]),
                    "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }

    // schema.FromAPIVersionAndKind: "v1" and "group/v1" have a version; "", "group/" and "a/b/c" do not.
    private static string VersionOf(string apiVersion)
    {
        var parts = apiVersion.Split('/');
        return parts.Length switch
        {
            1 => parts[0],
            2 => parts[1],
            _ => string.Empty,
        };
    }

    private static string OwnerReference(JsonObject reference) => GoValue.Struct("v1.OwnerReference",
        ("APIVersion", GoSyntax.Quote(JsonRead.Text(reference["apiVersion"]))),
        ("Kind", GoSyntax.Quote(JsonRead.Text(reference["kind"]))),
        ("Name", GoSyntax.Quote(JsonRead.Text(reference["name"]))),
        ("UID", GoSyntax.Quote(JsonRead.Text(reference["uid"]))),
        ("Controller", GoValue.Pointer("bool", reference["controller"])),
        ("BlockOwnerDeletion", GoValue.Pointer("bool", reference["blockOwnerDeletion"])));
}
