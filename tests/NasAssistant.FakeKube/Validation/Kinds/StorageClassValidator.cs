using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// storage.k8s.io/v1 StorageClass: ValidateStorageClass and ValidateStorageClassUpdate
/// (pkg/apis/storage/validation/validation.go): provisioner, parameters, reclaim policy and binding mode
/// are fixed once created.
/// </summary>
internal sealed class StorageClassValidator : IKindValidator
{
    private const int MaxParameters = 512;
    private const int MaxParameterSize = 256 * 1024;

    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj, namespaced: false, Names.NameIsDnsSubdomain);
        var provisioner = JsonRead.Text(obj["provisioner"]);
        var provisionerPath = FieldPath.Root("provisioner");
        errors.AddRange(provisioner.Length == 0
            ? [Checks.Required(provisionerPath)]
            : Checks.Each(provisionerPath, provisioner.ToLowerInvariant(), Names.QualifiedName(provisioner.ToLowerInvariant())));
        errors.AddRange(Parameters(obj["parameters"], FieldPath.Root("parameters")));
        var reclaimPolicy = JsonRead.Text(obj["reclaimPolicy"]);
        if (reclaimPolicy.Length > 0 && reclaimPolicy is not ("Delete" or "Retain"))
        {
            errors.Add(Checks.NotSupported(FieldPath.Root("reclaimPolicy"), reclaimPolicy, "Delete", "Retain"));
        }

        if (JsonRead.OptionalText(obj["volumeBindingMode"]) is not { } mode)
        {
            errors.Add(Checks.Required(FieldPath.Root("volumeBindingMode")));
        }
        else if (mode is not ("Immediate" or "WaitForFirstConsumer"))
        {
            errors.Add(Checks.NotSupported(FieldPath.Root("volumeBindingMode"), mode, "Immediate", "WaitForFirstConsumer"));
        }

        return errors;
    }

    public List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ObjectMetaValidator.ValidateUpdate(obj, old);
        if (!Semantic.Equal(obj["parameters"], old["parameters"]))
        {
            errors.Add(Checks.Forbidden(FieldPath.Root("parameters"), "updates to parameters are forbidden."));
        }

        if (JsonRead.Text(obj["provisioner"]) != JsonRead.Text(old["provisioner"]))
        {
            errors.Add(Checks.Forbidden(FieldPath.Root("provisioner"), "updates to provisioner are forbidden."));
        }

        if (JsonRead.Text(obj["reclaimPolicy"]) != JsonRead.Text(old["reclaimPolicy"]))
        {
            errors.Add(Checks.Forbidden(FieldPath.Root("reclaimPolicy"), "updates to reclaimPolicy are forbidden."));
        }

        errors.AddRange(Checks.Immutable(FieldPath.Root("volumeBindingMode"), JsonRead.Text(obj["volumeBindingMode"]), JsonRead.Text(old["volumeBindingMode"])));
        return errors;
    }

    // validateParameters: at most 512 entries of 256 KiB in all, no empty keys.
    private static List<FieldError> Parameters(JsonNode? parameters, FieldPath path)
    {
        var entries = JsonRead.Map(parameters);
        if (entries.Count > MaxParameters)
        {
            return [FieldError.TooLong(path, MaxParameters)];
        }

        var errors = entries.Where(e => e.Key.Length == 0).Select(_ => FieldError.Invalid(path, "\"\"", "field can not be empty.")).ToList();
        if (entries.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Key) + Encoding.UTF8.GetByteCount(e.Value)) > MaxParameterSize)
        {
            errors.Add(FieldError.TooLong(path, MaxParameterSize));
        }

        return errors;
    }
}
