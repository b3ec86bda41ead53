using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Admission;

/// <summary>
/// The DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault): a
/// claim created without a class gets the default one, the newest if several are marked default
/// (GetDefaultClass in pkg/volume/util).
/// </summary>
internal static class DefaultStorageClass
{
    public static void Admit(JsonObject claim, IEnumerable<JsonObject> storageClasses)
    {
        // helper.PersistentVolumeClaimHasClass: the user asked for a class, even "".
        if (claim["spec"]?["storageClassName"] is not null || claim["metadata"]?["annotations"]?[ClaimStorageClass.BetaAnnotation] is not null)
        {
            return;
        }

        if (ClaimStorageClass.Default(storageClasses) is { } chosen)
        {
            Defaulting.Object(claim, "spec")["storageClassName"] = Meta.Name(chosen);
        }
    }
}
