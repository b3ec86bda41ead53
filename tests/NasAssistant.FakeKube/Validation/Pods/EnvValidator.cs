using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Pods;

/// <summary>Container environment: ValidateEnv, validateEnvVarValueFrom and ValidateEnvFrom (relaxed names).</summary>
internal static class EnvValidator
{
    private static readonly string[] EnvFieldPaths =
    [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    // pods.ConvertDownwardAPIFieldLabel: the field labels of a v1 pod.
    private static readonly string[] PodFieldLabels =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
        "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs",
        "status.podIP", "status.podIPs", "spec.host",
    ];

    private static readonly string[] ResourceFields =
    [
        "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory",
    ];

    public static List<FieldError> Env(JsonNode? env, FieldPath path)
    {
        var errors = new List<FieldError>();
        var variables = JsonRead.Objects(env);
        for (var i = 0; i < variables.Count; i++)
        {
            var itemPath = path.Index(i);
            var name = JsonRead.Text(variables[i]["name"]);
            if (name.Length == 0)
            {
                errors.Add(Checks.Required(itemPath.Child("name")));
            }
            else
            {
                errors.AddRange(Checks.Each(itemPath.Child("name"), name, Names.EnvVarName(name)));
            }

            errors.AddRange(ValueFrom(variables[i], itemPath.Child("valueFrom")));
        }

        return errors;
    }

    public static List<FieldError> EnvFrom(JsonNode? envFrom, FieldPath path)
    {
        var errors = new List<FieldError>();
        var sources = JsonRead.Objects(envFrom);
        for (var i = 0; i < sources.Count; i++)
        {
            var itemPath = path.Index(i);
            var prefix = JsonRead.Text(sources[i]["prefix"]);
            if (prefix.Length > 0)
            {
                errors.AddRange(Checks.Each(itemPath.Child("prefix"), prefix, Names.EnvVarName(prefix)));
            }

            var count = 0;
            foreach (var source in new[] { "configMapRef", "secretRef" })
            {
                if (sources[i][source] is JsonObject reference)
                {
                    count++;
                    var name = JsonRead.Text(reference["name"]);
                    errors.AddRange(name.Length == 0
                        ? [Checks.Required(itemPath.Child(source, "name"))]
                        : Checks.Each(itemPath.Child(source, "name"), name, Names.NameIsDnsSubdomain(name, true)));
                }
            }

            if (count == 0)
            {
                errors.Add(FieldError.Invalid(path, "\"\"", "must specify one of: `configMapRef` or `secretRef`"));
            }
            else if (count > 1)
            {
                errors.Add(FieldError.Invalid(path, "\"\"", "may not have more than one field specified at a time"));
            }
        }

        return errors;
    }

    // validateEnvVarValueFrom: exactly one source, and never together with a value.
    private static List<FieldError> ValueFrom(JsonObject variable, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (variable["valueFrom"] is not JsonObject valueFrom)
        {
            return errors;
        }

        var count = 0;
        if (valueFrom["fieldRef"] is JsonObject fieldRef)
        {
            count++;
            errors.AddRange(FieldRef(fieldRef, path.Child("fieldRef")));
        }

        if (valueFrom["resourceFieldRef"] is JsonObject resourceFieldRef)
        {
            count++;
            errors.AddRange(ResourceFieldRef(resourceFieldRef, path.Child("resourceFieldRef")));
        }

        foreach (var selector in new[] { "configMapKeyRef", "secretKeyRef" })
        {
            if (valueFrom[selector] is JsonObject keyRef)
            {
                count++;
                errors.AddRange(KeySelector(keyRef, path.Child(selector)));
            }
        }

        if (count == 0)
        {
            errors.Add(FieldError.Invalid(path, "\"\"", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        }
        else if (JsonRead.Text(variable["value"]).Length > 0)
        {
            errors.Add(FieldError.Invalid(path, "\"\"", "may not be specified when `value` is not empty"));
        }
        else if (count > 1)
        {
            errors.Add(FieldError.Invalid(path, "\"\"", "may not have more than one field specified at a time"));
        }

        return errors;
    }

    // validateObjectFieldSelector with the downward API paths an env var may use.
    private static List<FieldError> FieldRef(JsonObject fieldRef, FieldPath path)
    {
        if (JsonRead.Text(fieldRef["apiVersion"]).Length == 0)
        {
            return [Checks.Required(path.Child("apiVersion"))];
        }

        var fieldPath = JsonRead.Text(fieldRef["fieldPath"]);
        if (fieldPath.Length == 0)
        {
            return [Checks.Required(path.Child("fieldPath"))];
        }

        if (JsonRead.Text(fieldRef["apiVersion"]) != "v1")
        {
            return [FieldError.Invalid(path.Child("fieldPath"), GoSyntax.Quote(fieldPath), $"error converting fieldPath: unsupported pod version: {JsonRead.Text(fieldRef["apiVersion"])}")];
        }

        if (Subscripted(fieldPath) is { } subscripted)
        {
            return subscripted.Path switch
            {
                "metadata.annotations" => Checks.Each(path, subscripted.Key.ToLowerInvariant(), Names.QualifiedName(subscripted.Key.ToLowerInvariant())).ToList(),
                "metadata.labels" => Checks.Each(path, subscripted.Key, Names.QualifiedName(subscripted.Key)).ToList(),
                _ => [FieldError.Invalid(path.Child("fieldPath"), GoSyntax.Quote(fieldPath), $"error converting fieldPath: field label does not support subscript: {fieldPath}")],
            };
        }

        if (!PodFieldLabels.Contains(fieldPath))
        {
            return [FieldError.Invalid(path.Child("fieldPath"), GoSyntax.Quote(fieldPath), $"error converting fieldPath: field label not supported: {fieldPath}")];
        }

        var converted = fieldPath == "spec.host" ? "spec.nodeName" : fieldPath;
        return EnvFieldPaths.Contains(converted) ? [] : [Checks.NotSupported(path.Child("fieldPath"), converted, EnvFieldPaths)];
    }

    // fieldpath.SplitMaybeSubscriptedPath: metadata.labels['key'].
    private static (string Path, string Key)? Subscripted(string fieldPath)
    {
        if (!fieldPath.EndsWith("']", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = fieldPath[..^2].Split("['", 2);
        return parts.Length == 2 && parts[0].Length > 0 ? (parts[0], parts[1]) : null;
    }

    // validateContainerResourceFieldSelector for env vars.
    private static List<FieldError> ResourceFieldRef(JsonObject selector, FieldPath path)
    {
        var resource = JsonRead.Text(selector["resource"]);
        if (resource.Length == 0)
        {
            return [Checks.Required(path.Child("resource"))];
        }

        var hugePages = resource.StartsWith("requests.hugepages-", StringComparison.Ordinal) || resource.StartsWith("limits.hugepages-", StringComparison.Ordinal);
        return ResourceFields.Contains(resource) || hugePages ? [] : [Checks.NotSupported(path.Child("resource"), resource, ResourceFields)];
    }

    // validateConfigMapKeySelector / validateSecretKeySelector.
    private static List<FieldError> KeySelector(JsonObject selector, FieldPath path)
    {
        var name = JsonRead.Text(selector["name"]);
        var errors = Checks.Each(path.Child("name"), name, Names.NameIsDnsSubdomain(name, false)).ToList();
        var key = JsonRead.Text(selector["key"]);
        errors.AddRange(key.Length == 0 ? [Checks.Required(path.Child("key"))] : Checks.Each(path.Child("key"), key, Names.ConfigMapKey(key)));
        return errors;
    }
}
