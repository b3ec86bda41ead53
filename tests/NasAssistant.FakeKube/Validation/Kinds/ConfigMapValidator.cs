using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>core/v1 ConfigMap: ValidateConfigMap and ValidateConfigMapUpdate (immutable ConfigMaps).</summary>
internal sealed class ConfigMapValidator : IKindValidator
{
    /// <summary>core.MaxSecretSize, shared by ConfigMaps and Secrets: 1 MiB.</summary>
    public const int MaxSize = 1024 * 1024;

    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj, namespaced: true, Names.NameIsDnsSubdomain);
        var binary = JsonRead.Map(obj["binaryData"]);
        long size = 0;
        foreach (var (key, value) in JsonRead.Map(obj["data"]))
        {
            errors.AddRange(Checks.Each(FieldPath.Root("data").Key(key), key, Names.ConfigMapKey(key)));
            if (binary.Any(b => b.Key == key))
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("data").Key(key), GoSyntax.Quote(key), "duplicate of key present in binaryData"));
            }

            size += Encoding.UTF8.GetByteCount(value);
        }

        foreach (var (key, value) in binary)
        {
            errors.AddRange(Checks.Each(FieldPath.Root("binaryData").Key(key), key, Names.ConfigMapKey(key)));
            size += Base64Length(value);
        }

        if (size > MaxSize)
        {
            // "" refers to the whole object.
            errors.Add(FieldError.TooLong(string.Empty, MaxSize));
        }

        return errors;
    }

    public List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ObjectMetaValidator.ValidateUpdate(obj, old);
        if (JsonRead.Bool(old["immutable"]) == true)
        {
            if (JsonRead.Bool(obj["immutable"]) != true)
            {
                errors.Add(Checks.Forbidden(FieldPath.Root("immutable"), "field is immutable when `immutable` is set"));
            }

            foreach (var field in new[] { "data", "binaryData" })
            {
                if (!Semantic.Equal(obj[field], old[field]))
                {
                    errors.Add(Checks.Forbidden(FieldPath.Root(field), "field is immutable when `immutable` is set"));
                }
            }
        }

        errors.AddRange(Validate(obj));
        return errors;
    }

    /// <summary>The decoded size of a base64 value ([]byte fields travel as base64).</summary>
    public static long Base64Length(string value) =>
        value.Length / 4 * 3 - (value.EndsWith("==", StringComparison.Ordinal) ? 2 : value.EndsWith('=') ? 1 : 0);
}
