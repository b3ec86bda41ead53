using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Admission;

/// <summary>
/// A write of a built-in kind in the real server's order: typed decoding (quantities, base64), the
/// defaults, mutating admission (DefaultStorageClass), validation, then validating admission
/// (PersistentVolumeClaimResize).
/// </summary>
internal sealed class BuiltInAdmission(Func<string> allocateClusterIp, Func<IReadOnlyList<JsonObject>> storageClasses)
{
    public void Admit(ResourceType type, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        Decode(type, obj, options);
        BuiltInDefaults.Apply(type, obj, old, allocateClusterIp);
        var claims = type.Group.Length == 0 && type.Plural == "persistentvolumeclaims";
        if (claims && old is null)
        {
            DefaultStorageClass.Admit(obj, storageClasses());
        }

        if (CustomResourceDefinitions.IsCrd(type))
        {
            return;
        }

        BuiltInValidation.Validate(type, obj, old);
        if (claims && old is not null)
        {
            PersistentVolumeClaimResize.Validate(obj, old, name => storageClasses().FirstOrDefault(c => Meta.Name(c) == name));
        }
    }

    // A body the Go types cannot hold: 400 for a create or update, 422 on "patch" for a patch.
    private static void Decode(ResourceType type, JsonObject obj, WriteOptions options)
    {
        var patched = options.Patch ? obj.ToJsonString() : null;
        var error = ByteFields.Check(type, obj) ?? QuantityFields.Canonicalize(type, obj);
        if (error is null)
        {
            return;
        }

        if (patched is not null)
        {
            throw KubeApiException.Invalid(string.Empty, string.Empty, string.Empty, [FieldError.Invalid("patch", GoSyntax.Quote(patched), error)]);
        }

        var version = (obj["apiVersion"]?.GetValue<string>() ?? type.PreferredApiVersion).Split('/')[^1];
        throw KubeApiException.BadRequest($"{type.Kind} in version \"{version}\" cannot be handled as a {type.Kind}: {error}");
    }
}
