using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// core/v1 Secret: ValidateSecret (keys, 1 MiB, the keys each type requires) and ValidateSecretUpdate
/// (type and an immutable Secret's data may not change).
/// </summary>
internal sealed class SecretValidator : IKindValidator
{
    private static readonly FieldPath DataPath = FieldPath.Root("data");

    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj, namespaced: true, Names.NameIsDnsSubdomain);
        var data = JsonRead.Map(obj["data"]).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        long size = 0;
        foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            errors.AddRange(Checks.Each(DataPath.Key(key), key, Names.ConfigMapKey(key)));
            size += ConfigMapValidator.Base64Length(value);
        }

        if (size > ConfigMapValidator.MaxSize)
        {
            errors.Add(FieldError.TooLong(DataPath, ConfigMapValidator.MaxSize));
        }

        errors.AddRange(TypeRequirements(obj, data));
        return errors;
    }

    public List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ObjectMetaValidator.ValidateUpdate(obj, old);
        errors.AddRange(Checks.Immutable(FieldPath.Root("type"), JsonRead.Text(obj["type"]), JsonRead.Text(old["type"])));
        if (JsonRead.Bool(old["immutable"]) == true)
        {
            if (JsonRead.Bool(obj["immutable"]) != true)
            {
                errors.Add(Checks.Forbidden(FieldPath.Root("immutable"), "field is immutable when `immutable` is set"));
            }

            if (!Semantic.Equal(obj["data"], old["data"]))
            {
                errors.Add(Checks.Forbidden(DataPath, "field is immutable when `immutable` is set"));
            }
        }

        errors.AddRange(Validate(obj));
        return errors;
    }

    private static List<FieldError> TypeRequirements(JsonObject obj, Dictionary<string, string> data)
    {
        switch (JsonRead.Text(obj["type"]))
        {
            case "kubernetes.io/service-account-token":
                var annotations = JsonRead.Map(obj["metadata"]?["annotations"]);
                return annotations.Any(a => a.Key == "kubernetes.io/service-account.name" && a.Value.Length > 0)
                    ? []
                    : [Checks.Required(FieldPath.Root("metadata").Child("annotations").Key("kubernetes.io/service-account.name"))];
            case "kubernetes.io/dockercfg":
                return JsonKey(data, ".dockercfg");
            case "kubernetes.io/dockerconfigjson":
                return JsonKey(data, ".dockerconfigjson");
            case "kubernetes.io/basic-auth" when !data.ContainsKey("username") && !data.ContainsKey("password"):
                return [Checks.Required(DataPath.Key("username")), Checks.Required(DataPath.Key("password"))];
            case "kubernetes.io/ssh-auth" when !data.TryGetValue("ssh-privatekey", out var key) || key.Length == 0:
                return [Checks.Required(DataPath.Key("ssh-privatekey"))];
            case "kubernetes.io/tls":
                return new[] { "tls.crt", "tls.key" }.Where(k => !data.ContainsKey(k)).Select(k => Checks.Required(DataPath.Key(k))).ToList();
            default:
                return [];
        }
    }

    // The key must be there and hold a JSON object.
    private static List<FieldError> JsonKey(Dictionary<string, string> data, string key)
    {
        if (!data.TryGetValue(key, out var value))
        {
            return [Checks.Required(DataPath.Key(key))];
        }

        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(value)));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? []
                : [FieldError.Invalid(DataPath.Key(key), "\"<secret contents redacted>\"", $"json: cannot unmarshal {document.RootElement.ValueKind.ToString().ToLowerInvariant()} into Go value of type map[string]interface {{}}")];
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return [FieldError.Invalid(DataPath.Key(key), "\"<secret contents redacted>\"", "invalid character looking for beginning of value")];
        }
    }
}
