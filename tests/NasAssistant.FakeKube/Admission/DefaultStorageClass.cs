using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Admission;

/// <summary>
/// The DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault): a
/// claim created without a class gets the default one, the newest if several are marked default
/// (GetDefaultClass in pkg/volume/util).
/// </summary>
internal static class DefaultStorageClass
{
    public const string DefaultAnnotation = "storageclass.kubernetes.io/is-default-class";
    public const string BetaDefaultAnnotation = "storageclass.beta.kubernetes.io/is-default-class";
    public const string BetaClaimAnnotation = "volume.beta.kubernetes.io/storage-class";

    public static void Admit(JsonObject claim, IEnumerable<JsonObject> storageClasses)
    {
        // helper.PersistentVolumeClaimHasClass: the user asked for a class, even "".
        if (claim["spec"]?["storageClassName"] is not null || claim["metadata"]?["annotations"]?[BetaClaimAnnotation] is not null)
        {
            return;
        }

        var chosen = storageClasses.Where(IsDefault)
            .OrderByDescending(c => JsonRead.Text(c["metadata"]?["creationTimestamp"]), StringComparer.Ordinal)
            .ThenBy(Meta.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (chosen is not null)
        {
            Defaulting.Object(claim, "spec")["storageClassName"] = Meta.Name(chosen);
        }
    }

    // storageutil.IsDefaultAnnotation.
    private static bool IsDefault(JsonObject storageClass)
    {
        var annotations = storageClass["metadata"]?["annotations"];
        return JsonRead.Text(annotations?[DefaultAnnotation]) == "true" || JsonRead.Text(annotations?[BetaDefaultAnnotation]) == "true";
    }
}
