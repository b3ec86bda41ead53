using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Pods;

/// <summary>
/// Pod and container security contexts: validatePodSpecSecurityContext and ValidateSecurityContext
/// (privileged containers are allowed, as k3s runs with --allow-privileged).
/// </summary>
internal static class SecurityContextValidator
{
    public static List<FieldError> Pod(JsonObject spec, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (spec["securityContext"] is not JsonObject context)
        {
            return errors;
        }

        errors.AddRange(Id(context["fsGroup"], path.Child("fsGroup")));
        errors.AddRange(Id(context["runAsUser"], path.Child("runAsUser")));
        errors.AddRange(Id(context["runAsGroup"], path.Child("runAsGroup")));
        var groups = context["supplementalGroups"] as JsonArray ?? [];
        for (var i = 0; i < groups.Count; i++)
        {
            errors.AddRange(Id(groups[i], path.Child("supplementalGroups").Index(i)));
        }

        if (JsonRead.Bool(spec["shareProcessNamespace"]) == true && JsonRead.Bool(spec["hostPID"]) == true)
        {
            errors.Add(FieldError.Invalid(path.Child("shareProcessNamespace"), "true", "ShareProcessNamespace and HostPID cannot both be enabled"));
        }

        if (JsonRead.OptionalText(context["fsGroupChangePolicy"]) is { } changePolicy && changePolicy is not ("OnRootMismatch" or "Always"))
        {
            errors.Add(Checks.NotSupported(path.Child("fsGroupChangePolicy"), changePolicy, "Always", "OnRootMismatch"));
        }

        errors.AddRange(Seccomp(context["seccompProfile"], path.Child("seccompProfile")));
        errors.AddRange(AppArmor(context["appArmorProfile"], path.Child("appArmorProfile")));
        if (JsonRead.OptionalText(context["supplementalGroupsPolicy"]) is { } groupsPolicy && groupsPolicy is not ("Merge" or "Strict"))
        {
            errors.Add(Checks.NotSupported(path.Child("supplementalGroupsPolicy"), groupsPolicy, "Merge", "Strict"));
        }

        return errors;
    }

    public static List<FieldError> Container(JsonNode? node, FieldPath path, bool hostUsers)
    {
        var errors = new List<FieldError>();
        if (node is not JsonObject context)
        {
            return errors;
        }

        errors.AddRange(Id(context["runAsUser"], path.Child("runAsUser")));
        errors.AddRange(Id(context["runAsGroup"], path.Child("runAsGroup")));
        if (JsonRead.OptionalText(context["procMount"]) is { } procMount)
        {
            if (procMount is not ("Default" or "Unmasked"))
            {
                errors.Add(Checks.NotSupported(path.Child("procMount"), procMount, "Default", "Unmasked"));
            }
            else if (hostUsers && procMount == "Unmasked")
            {
                errors.Add(FieldError.Invalid(path.Child("procMount"), GoSyntax.Quote(procMount), "`hostUsers` must be false to use `Unmasked`"));
            }
        }

        errors.AddRange(Seccomp(context["seccompProfile"], path.Child("seccompProfile")));
        if (JsonRead.Bool(context["allowPrivilegeEscalation"]) == false)
        {
            if (JsonRead.Bool(context["privileged"]) == true)
            {
                errors.Add(FieldError.Invalid(path, Render(context), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            }

            if (JsonRead.Strings(context["capabilities"]?["add"]).Contains("CAP_SYS_ADMIN"))
            {
                errors.Add(FieldError.Invalid(path, Render(context), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
            }
        }

        errors.AddRange(AppArmor(context["appArmorProfile"], path.Child("appArmorProfile")));
        return errors;
    }

    // IsValidUserID / IsValidGroupID.
    private static IEnumerable<FieldError> Id(JsonNode? node, FieldPath path) =>
        JsonRead.Long(node) is { } id ? Names.UnixId(id).Select(m => FieldError.Invalid(path, GoValue.Int(id), m)) : [];

    // validateSeccompProfileField.
    private static List<FieldError> Seccomp(JsonNode? node, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (node is not JsonObject profile)
        {
            return errors;
        }

        var type = JsonRead.Text(profile["type"]);
        switch (type)
        {
            case "Localhost" or "RuntimeDefault" or "Unconfined":
                break;
            case "":
                errors.Add(Checks.Required(path.Child("type"), "type is required when seccompProfile is set"));
                break;
            default:
                errors.Add(Checks.NotSupported(path.Child("type"), type, "Localhost", "RuntimeDefault", "Unconfined"));
                break;
        }

        var localhost = JsonRead.OptionalText(profile["localhostProfile"]);
        if (type == "Localhost")
        {
            errors.AddRange(localhost is null
                ? [Checks.Required(path.Child("localhostProfile"), "must be set when seccomp type is Localhost")]
                : VolumeValidator.LocalDescendingPath(localhost, path.Child("localhostProfile")));
        }
        else if (localhost is not null)
        {
            errors.Add(FieldError.Invalid(path.Child("localhostProfile"),
                GoValue.Struct("core.SeccompProfile", ("Type", GoSyntax.Quote(type)), ("LocalhostProfile", GoValue.Pointer("string", profile["localhostProfile"]))),
                "can only be set when seccomp type is Localhost"));
        }

        return errors;
    }

    // ValidateAppArmorProfileField.
    private static List<FieldError> AppArmor(JsonNode? node, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (node is not JsonObject profile)
        {
            return errors;
        }

        var type = JsonRead.Text(profile["type"]);
        var localhost = JsonRead.OptionalText(profile["localhostProfile"]);
        switch (type)
        {
            case "Localhost" when localhost is null || localhost.Trim().Length == 0:
                errors.Add(Checks.Required(path.Child("localhostProfile"), "must be set when AppArmor type is Localhost"));
                break;
            case "Localhost" when localhost.Trim() != localhost:
                errors.Add(FieldError.Invalid(path.Child("localhostProfile"), GoSyntax.Quote(localhost), "must not be padded with whitespace"));
                break;
            case "Localhost":
                break;
            case "RuntimeDefault" or "Unconfined" when localhost is not null:
                errors.Add(FieldError.Invalid(path.Child("localhostProfile"), GoSyntax.Quote(localhost), "can only be set when AppArmor type is Localhost"));
                break;
            case "RuntimeDefault" or "Unconfined":
                break;
            case "":
                errors.Add(Checks.Required(path.Child("type"), "type is required when appArmorProfile is set"));
                break;
            default:
                errors.Add(Checks.NotSupported(path.Child("type"), type, "Localhost", "RuntimeDefault", "Unconfined"));
                break;
        }

        return errors;
    }

    // The context as core.SecurityContext prints, pointer fields without their addresses.
    private static string Render(JsonObject context) => GoValue.Struct("core.SecurityContext",
        ("Capabilities", GoValue.Pointer("core.Capabilities", context["capabilities"])),
        ("Privileged", GoValue.Pointer("bool", context["privileged"])),
        ("SELinuxOptions", GoValue.Pointer("core.SELinuxOptions", context["seLinuxOptions"])),
        ("WindowsOptions", GoValue.Pointer("core.WindowsSecurityContextOptions", context["windowsOptions"])),
        ("RunAsUser", GoValue.Pointer("int64", context["runAsUser"])),
        ("RunAsGroup", GoValue.Pointer("int64", context["runAsGroup"])),
        ("RunAsNonRoot", GoValue.Pointer("bool", context["runAsNonRoot"])),
        ("ReadOnlyRootFilesystem", GoValue.Pointer("bool", context["readOnlyRootFilesystem"])),
        ("AllowPrivilegeEscalation", GoValue.Pointer("bool", context["allowPrivilegeEscalation"])),
        ("ProcMount", GoValue.Pointer("core.ProcMountType", context["procMount"])),
        ("SeccompProfile", GoValue.Pointer("core.SeccompProfile", context["seccompProfile"])),
        ("AppArmorProfile", GoValue.Pointer("core.AppArmorProfile", context["appArmorProfile"])));
}
