using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Admission;

/// <summary>
/// The PersistentVolumeClaimResize admission plugin
/// (plugin/pkg/admission/storage/persistentvolume/resize/admission.go): a claim may grow only when
/// it is Bound and its StorageClass sets <c>allowVolumeExpansion: true</c>; otherwise 403 Forbidden.
/// </summary>
internal static class PersistentVolumeClaimResize
{
    public static void Validate(JsonObject claim, JsonObject old, Func<string, JsonObject?> findStorageClass)
    {
        var newSize = Storage(claim);
        var oldSize = Storage(old) ?? Quantity.Parse("0", out _)!;
        if (newSize is null || newSize.CompareTo(oldSize) <= 0)
        {
            return;
        }

        if (JsonRead.Text(old["status"]?["phase"]) != "Bound")
        {
            throw Forbidden(claim, "Only bound persistent volume claims can be expanded");
        }

        if (!AllowsResize(claim, old, findStorageClass))
        {
            throw Forbidden(claim, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
        }
    }

    // allowResize: the same class before and after, and that class allows expansion.
    private static bool AllowsResize(JsonObject claim, JsonObject old, Func<string, JsonObject?> findStorageClass)
    {
        var storageClass = ClassOf(claim);
        if (storageClass.Length == 0 || storageClass != ClassOf(old))
        {
            return false;
        }

        return JsonRead.Bool(findStorageClass(storageClass)?["allowVolumeExpansion"]) == true;
    }

    private static string ClassOf(JsonObject claim) => ClaimStorageClass.Of(claim) ?? string.Empty;

    private static Quantity? Storage(JsonObject claim) =>
        JsonRead.OptionalText(claim["spec"]?["resources"]?["requests"]?["storage"]) is { } text ? Quantity.Parse(text, out _) : null;

    private static KubeApiException Forbidden(JsonObject claim, string why) =>
        KubeApiException.Forbidden("persistentvolumeclaims", Meta.Name(claim), why);
}
