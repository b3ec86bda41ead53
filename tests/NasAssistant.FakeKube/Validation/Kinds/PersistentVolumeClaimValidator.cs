using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Admission;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Validation.Pods;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// core/v1 PersistentVolumeClaim: ValidatePersistentVolumeClaim, ValidatePersistentVolumeClaimSpec and
/// ValidatePersistentVolumeClaimUpdate. After creation the spec is immutable, except that a Bound claim
/// may change its storage request (RecoverVolumeExpansionFailure is on: it may not go below
/// status.capacity).
/// </summary>
internal sealed class PersistentVolumeClaimValidator() : SpecValidator(Names.NameIsDnsSubdomain)
{
    private static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

    public override List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ObjectMetaValidator.ValidateUpdate(obj, old);
        errors.AddRange(Validate(obj));
        var spec = SpecOf(obj);
        var oldSpec = SpecOf(old);
        var newClone = (JsonObject)spec.DeepClone();
        var oldClone = (JsonObject)oldSpec.DeepClone();

        // The PV controller may set volumeName once.
        if (JsonRead.Text(oldSpec["volumeName"]).Length == 0)
        {
            Set(oldClone, "volumeName", newClone["volumeName"]);
        }

        var oldAnnotation = JsonRead.OptionalText(old["metadata"]?["annotations"]?[ClaimStorageClass.BetaAnnotation]);
        var newAnnotation = JsonRead.OptionalText(obj["metadata"]?["annotations"]?[ClaimStorageClass.BetaAnnotation]);
        var oldClass = JsonRead.OptionalText(oldSpec["storageClassName"]);
        var newClass = JsonRead.OptionalText(spec["storageClassName"]);
        if (oldAnnotation is not null && oldClass is null && newClass == oldAnnotation && (newAnnotation is null || newAnnotation == oldAnnotation))
        {
            // validateStorageClassUpgradeFromAnnotation: moving the class from the beta annotation to the field.
            newClone.Remove("storageClassName");
        }
        else
        {
            errors.AddRange(Checks.Immutable(FieldPath.Root("metadata").Child("annotations", ClaimStorageClass.BetaAnnotation), newAnnotation ?? string.Empty, oldAnnotation ?? string.Empty));

            // validateStorageClassUpgradeFromNil: a class may be set once on a claim that had none.
            if (newClass is not null && oldClass is null && (oldAnnotation is null || newClass == oldAnnotation))
            {
                Set(newClone, "storageClassName", oldClone["storageClassName"]);
            }
        }

        // A Bound claim may change its storage request; the size rules below judge it.
        if (JsonRead.Text(obj["status"]?["phase"]) == "Bound" && newClone["resources"]?["requests"] is JsonObject requests)
        {
            Set(requests, "storage", oldSpec["resources"]?["requests"]?["storage"]);
        }

        Set(newClone, "volumeAttributesClassName", oldClone["volumeAttributesClassName"]);
        if (!SpecsEqual(newClone, oldClone))
        {
            errors.Add(Checks.Forbidden(SpecPath,
                "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n" + Diff(oldClone, newClone)));
        }

        var newSize = Storage(spec);
        var oldSize = Storage(oldSpec);
        var capacity = Quantity.Parse(JsonRead.Text(old["status"]?["capacity"]?["storage"]), out _);
        if (newSize is not null && oldSize is not null && newSize.CompareTo(oldSize) < 0 &&
            newSize.CompareTo(capacity ?? Quantity.Parse("0", out _)) <= 0)
        {
            errors.Add(Checks.Forbidden(SpecPath.Child("resources", "requests").Child("storage"), "field can not be less than status.capacity"));
        }

        errors.AddRange(Checks.Immutable(FieldPath.Root("volumeMode"), JsonRead.Text(spec["volumeMode"]), JsonRead.Text(oldSpec["volumeMode"])));
        if (oldSpec["volumeAttributesClassName"] is not null)
        {
            var newVac = JsonRead.OptionalText(spec["volumeAttributesClassName"]);
            if (newVac is null)
            {
                errors.Add(Checks.Forbidden(SpecPath.Child("volumeAttributesClassName"), "update from non-nil value to nil is forbidden"));
            }
            else if (newVac.Length == 0)
            {
                errors.Add(Checks.Forbidden(SpecPath.Child("volumeAttributesClassName"), "update from non-nil value to an empty string is forbidden"));
            }
        }

        return errors;
    }

    // ValidatePersistentVolumeClaimSpec.
    protected override List<FieldError> Spec(JsonObject spec, JsonObject? oldSpec)
    {
        var errors = new List<FieldError>();
        var modes = JsonRead.Strings(spec["accessModes"]);
        if (modes.Count == 0)
        {
            errors.Add(Checks.Required(SpecPath.Child("accessModes"), "at least 1 access mode is required"));
        }

        errors.AddRange(LabelSelectorValidator.Validate(spec["selector"] as JsonObject, SpecPath.Child("selector")));
        bool readWriteOncePod = false, other = false;
        foreach (var mode in modes)
        {
            if (!AccessModes.Contains(mode))
            {
                errors.Add(Checks.NotSupported(SpecPath.Child("accessModes"), mode, AccessModes));
            }

            readWriteOncePod |= mode == "ReadWriteOncePod";
            other |= mode != "ReadWriteOncePod" && AccessModes.Contains(mode);
        }

        if (readWriteOncePod && other)
        {
            errors.Add(Checks.Forbidden(SpecPath.Child("accessModes"), "may not use ReadWriteOncePod with other access modes"));
        }

        var storagePath = SpecPath.Child("resources").Key("storage");
        var storage = Storage(spec);
        if (storage is null)
        {
            errors.Add(Checks.Required(storagePath));
        }
        else if (storage.Sign <= 0)
        {
            errors.Add(FieldError.Invalid(storagePath, GoSyntax.Quote(storage.ToString()), "must be greater than zero"));
        }

        if (JsonRead.Text(spec["storageClassName"]) is { Length: > 0 } storageClass)
        {
            errors.AddRange(Checks.Each(SpecPath.Child("storageClassName"), storageClass, Names.NameIsDnsSubdomain(storageClass, false)));
        }

        if (JsonRead.OptionalText(spec["volumeMode"]) is { } volumeMode && volumeMode is not ("Block" or "Filesystem"))
        {
            errors.Add(Checks.NotSupported(SpecPath.Child("volumeMode"), volumeMode, "Block", "Filesystem"));
        }

        if (JsonRead.Text(spec["volumeAttributesClassName"]) is { Length: > 0 } attributesClass)
        {
            errors.AddRange(Checks.Each(SpecPath.Child("volumeAttributesClassName"), attributesClass, Names.NameIsDnsSubdomain(attributesClass, false)));
        }

        return errors;
    }

    private static Quantity? Storage(JsonObject spec) =>
        JsonRead.OptionalText(spec["resources"]?["requests"]?["storage"]) is { } text ? Quantity.Parse(text, out _) : null;

    // apiequality.Semantic.DeepEqual: quantities compare by value.
    private static bool SpecsEqual(JsonObject a, JsonObject b)
    {
        var left = (JsonObject)a.DeepClone();
        var right = (JsonObject)b.DeepClone();
        foreach (var spec in new[] { left, right })
        {
            foreach (var list in new[] { "requests", "limits" })
            {
                if (spec["resources"]?[list] is JsonObject quantities)
                {
                    foreach (var (name, quantity) in ResourceRequirementsValidator.Quantities(quantities))
                    {
                        quantities[name] = quantity.Canonical();
                    }
                }
            }
        }

        return Semantic.Equal(left, right);
    }

    // A cmp.Diff-like listing of the spec fields that differ (go-cmp's exact layout is deliberately unstable).
    private static string Diff(JsonObject before, JsonObject after)
    {
        var text = new StringBuilder("  core.PersistentVolumeClaimSpec{\n");
        foreach (var key in before.Select(p => p.Key).Concat(after.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (Semantic.Equal(before[key], after[key]))
            {
                continue;
            }

            var field = char.ToUpperInvariant(key[0]) + key[1..];
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"- \t{field}: {before[key]?.ToJsonString() ?? "nil"},\n");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"+ \t{field}: {after[key]?.ToJsonString() ?? "nil"},\n");
        }

        return text.Append("  }\n").ToString();
    }

    private static void Set(JsonObject obj, string field, JsonNode? value)
    {
        if (value is null)
        {
            obj.Remove(field);
        }
        else
        {
            obj[field] = value.DeepClone();
        }
    }
}
