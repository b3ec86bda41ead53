using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Pods;

/// <summary>
/// Pod volumes: ValidateVolumes and validateVolumeSource (pkg/apis/core/validation/validation.go).
/// Every source type is counted; the sources pods of this project use (emptyDir, configMap, secret,
/// persistentVolumeClaim, projected, downwardAPI, hostPath) are checked in detail.
/// </summary>
internal static class VolumeValidator
{
    private const string FileModeMessage = "must be a number between 0 and 0777 (octal), both inclusive";

    // The VolumeSource fields of core/v1, in the order validateVolumeSource visits them.
    private static readonly string[] Sources =
    [
        "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs",
        "flocker", "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap",
        "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO",
        "csi", "ephemeral", "image",
    ];

    /// <summary>ValidateVolumes: returns the names of the volumes that passed, which mounts may refer to.</summary>
    public static HashSet<string> Validate(JsonNode? volumes, FieldPath path, List<FieldError> errors)
    {
        var valid = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = JsonRead.Objects(volumes);
        for (var i = 0; i < list.Count; i++)
        {
            var volumePath = path.Index(i);
            var name = JsonRead.Text(list[i]["name"]);
            var volumeErrors = Source(list[i], volumePath);
            if (name.Length == 0)
            {
                volumeErrors.Add(Checks.Required(volumePath.Child("name")));
            }
            else
            {
                volumeErrors.AddRange(Checks.Each(volumePath.Child("name"), name, Names.Dns1123Label(name)));
            }

            if (seen.Contains(name))
            {
                volumeErrors.Add(FieldError.Duplicate(volumePath.Child("name"), GoSyntax.Quote(name)));
            }

            if (volumeErrors.Count == 0)
            {
                seen.Add(name);
                valid.Add(name);
            }
            else
            {
                errors.AddRange(volumeErrors);
            }
        }

        return valid;
    }

    // validateVolumeSource: exactly one source type.
    private static List<FieldError> Source(JsonObject volume, FieldPath path) =>
        Checks.ExactlyOne(volume, path, Sources, "volume", Detail);

    private static IEnumerable<FieldError> Detail(string source, JsonObject value, FieldPath path) => source switch
    {
        "emptyDir" => EmptyDir(value, path),
        "secret" => Mounted(value, path, "secretName"),
        "configMap" => Mounted(value, path, "name"),
        "persistentVolumeClaim" => JsonRead.Text(value["claimName"]).Length == 0 ? [Checks.Required(path.Child("claimName"))] : [],
        "hostPath" => HostPath(value, path),
        "downwardAPI" => DownwardApi(value, path),
        "projected" => Projected(value, path),
        _ => [],
    };

    private static IEnumerable<FieldError> EmptyDir(JsonObject emptyDir, FieldPath path)
    {
        if (JsonRead.OptionalText(emptyDir["sizeLimit"]) is { } limit && Quantity.Parse(limit, out _) is { Sign: < 0 })
        {
            yield return Checks.Forbidden(path.Child("sizeLimit"), "SizeLimit field must be a valid resource quantity");
        }
    }

    // validateSecretVolumeSource / validateConfigMapVolumeSource.
    private static List<FieldError> Mounted(JsonObject source, FieldPath path, string nameField)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Text(source[nameField]).Length == 0)
        {
            errors.Add(Checks.Required(path.Child(nameField)));
        }

        errors.AddRange(FileMode(source["defaultMode"], path.Child("defaultMode")));
        var items = JsonRead.Objects(source["items"]);
        for (var i = 0; i < items.Count; i++)
        {
            errors.AddRange(KeyToPath(items[i], path.Child("items").Index(i)));
        }

        return errors;
    }

    // validateKeyToPath.
    private static List<FieldError> KeyToPath(JsonObject item, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Text(item["key"]).Length == 0)
        {
            errors.Add(Checks.Required(path.Child("key")));
        }

        var target = JsonRead.Text(item["path"]);
        if (target.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("path")));
        }

        errors.AddRange(LocalNonReservedPath(target, path.Child("path")));
        errors.AddRange(FileMode(item["mode"], path.Child("mode")));
        return errors;
    }

    private static List<FieldError> HostPath(JsonObject hostPath, FieldPath path)
    {
        var target = JsonRead.Text(hostPath["path"]);
        if (target.Length == 0)
        {
            return [Checks.Required(path.Child("path"))];
        }

        var errors = NoBacksteps(target, path.Child("path")).ToList();
        var type = JsonRead.Text(hostPath["type"]);
        string[] supported = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
        if (!supported.Contains(type))
        {
            errors.Add(Checks.NotSupported(path.Child("type"), type, supported));
        }

        return errors;
    }

    private static List<FieldError> DownwardApi(JsonObject source, FieldPath path)
    {
        var errors = FileMode(source["defaultMode"], path.Child("defaultMode")).ToList();
        foreach (var item in JsonRead.Objects(source["items"]))
        {
            var target = JsonRead.Text(item["path"]);
            if (target.Length == 0)
            {
                errors.Add(Checks.Required(path.Child("path")));
            }

            errors.AddRange(LocalNonReservedPath(target, path.Child("path")));
            var hasField = item["fieldRef"] is JsonObject;
            var hasResource = item["resourceFieldRef"] is JsonObject;
            if (hasField && hasResource)
            {
                errors.Add(FieldError.Invalid(path, GoSyntax.Quote("resource"), "fieldRef and resourceFieldRef can not be specified simultaneously"));
            }
            else if (!hasField && !hasResource)
            {
                errors.Add(Checks.Required(path, "one of fieldRef and resourceFieldRef is required"));
            }

            errors.AddRange(FileMode(item["mode"], path.Child("mode")));
        }

        return errors;
    }

    // validateProjectedVolumeSource: each projection holds one source; paths may not collide.
    private static List<FieldError> Projected(JsonObject source, FieldPath path)
    {
        var errors = FileMode(source["defaultMode"], path.Child("defaultMode")).ToList();
        var projections = JsonRead.Objects(source["sources"]);
        for (var i = 0; i < projections.Count; i++)
        {
            var sourcePath = path.Child("sources").Index(i);
            var kinds = new[] { "secret", "configMap", "downwardAPI", "serviceAccountToken", "clusterTrustBundle" }
                .Where(k => projections[i][k] is JsonObject).ToList();
            foreach (var kind in kinds.Where(k => k is "secret" or "configMap"))
            {
                var projected = (JsonObject)projections[i][kind]!;
                if (JsonRead.Text(projected["name"]).Length == 0)
                {
                    errors.Add(Checks.Required(sourcePath.Child(kind, "name")));
                }

                var items = JsonRead.Objects(projected["items"]);
                for (var j = 0; j < items.Count; j++)
                {
                    errors.AddRange(KeyToPath(items[j], sourcePath.Child(kind, "items").Index(j)));
                }
            }

            if (projections[i]["serviceAccountToken"] is JsonObject token)
            {
                errors.AddRange(ServiceAccountToken(token, sourcePath.Child("serviceAccountToken"), path));
            }

            if (kinds.Count > 1)
            {
                errors.Add(Checks.Forbidden(sourcePath, "may not specify more than 1 volume type"));
            }
        }

        return errors;
    }

    private static IEnumerable<FieldError> ServiceAccountToken(JsonObject token, FieldPath path, FieldPath volumePath)
    {
        var expiration = JsonRead.Long(token["expirationSeconds"]) ?? 0;
        if (expiration < 600)
        {
            yield return FieldError.Invalid(path.Child("expirationSeconds"), GoValue.Int(expiration), "may not specify a duration less than 10 minutes");
        }

        if (expiration > 1L << 32)
        {
            yield return FieldError.Invalid(path.Child("expirationSeconds"), GoValue.Int(expiration), "may not specify a duration larger than 2^32 seconds");
        }

        var target = JsonRead.Text(token["path"]);
        if (target.Length == 0)
        {
            yield return Checks.Required(volumePath.Child("path"));
        }
        else
        {
            foreach (var error in LocalNonReservedPath(target, volumePath.Child("path")))
            {
                yield return error;
            }
        }
    }

    private static IEnumerable<FieldError> FileMode(JsonNode? mode, FieldPath path) =>
        JsonRead.Long(mode) is { } value && (value > 511 || value < 0) ? [FieldError.Invalid(path, GoValue.Int(value), FileModeMessage)] : [];

    /// <summary>ValidateLocalNonReservedPath: relative, no '..' element, not starting with '..'.</summary>
    public static List<FieldError> LocalNonReservedPath(string target, FieldPath path)
    {
        var errors = LocalDescendingPath(target, path);
        if (target.StartsWith("..", StringComparison.Ordinal) && !target.StartsWith("../", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(path, GoSyntax.Quote(target), "must not start with '..'"));
        }

        return errors;
    }

    /// <summary>validateLocalDescendingPath: relative and without '..' elements.</summary>
    public static List<FieldError> LocalDescendingPath(string target, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (target.StartsWith('/'))
        {
            errors.Add(FieldError.Invalid(path, GoSyntax.Quote(target), "must be a relative path"));
        }

        errors.AddRange(NoBacksteps(target, path));
        return errors;
    }

    // validatePathNoBacksteps: one error even for ../../.. .
    private static IEnumerable<FieldError> NoBacksteps(string target, FieldPath path) =>
        target.Split('/').Contains("..") ? [FieldError.Invalid(path, GoSyntax.Quote(target), "must not contain '..'")] : [];
}
