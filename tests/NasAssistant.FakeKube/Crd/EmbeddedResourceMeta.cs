using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// The type-meta checks of embedded resources in a value (<c>objectmeta.Validate</c>,
/// <c>apiextensions-apiserver/pkg/apiserver/schema/objectmeta/validation.go</c>): each object at an
/// <c>x-kubernetes-embedded-resource</c> node needs a string <c>apiVersion</c> that parses as a group
/// version and a <c>kind</c> that is a DNS-1035 label apart from case.
/// </summary>
internal static class EmbeddedResourceMeta
{
    public static List<FieldError> Validate(JsonNode? value, JsonObject schema, string path, bool isResourceRoot)
    {
        var errors = new List<FieldError>();
        Walk(value, schema, path, isResourceRoot, errors);
        return errors;
    }

    private static void Walk(JsonNode? value, JsonObject? schema, string path, bool embedded, List<FieldError> errors)
    {
        if (schema is null)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                if (embedded || SchemaNode.Flag(schema, "x-kubernetes-embedded-resource"))
                {
                    TypeMeta(obj, path, errors);
                }

                foreach (var (key, child) in obj)
                {
                    if (SchemaNode.Properties(schema)?[key] is JsonObject property)
                    {
                        Walk(child, property, SchemaNode.Child(path, key), false, errors);
                    }
                    else if (schema["additionalProperties"] is not null)
                    {
                        Walk(child, SchemaNode.AdditionalProperties(schema), SchemaNode.Key(path, key), false, errors);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], SchemaNode.Items(schema), SchemaNode.Index(path, i), false, errors);
                }

                break;
        }
    }

    // validateEmbeddedResource
    private static void TypeMeta(JsonObject obj, string path, List<FieldError> errors)
    {
        var apiVersionPath = SchemaNode.Child(path, "apiVersion");
        var kindPath = SchemaNode.Child(path, "kind");
        if (!obj.ContainsKey("apiVersion"))
        {
            errors.Add(FieldError.Required(apiVersionPath));
        }

        if (!obj.ContainsKey("kind"))
        {
            errors.Add(FieldError.Required(kindPath));
        }

        if (obj.TryGetPropertyValue("apiVersion", out var apiVersion))
        {
            if (!IsString(apiVersion))
            {
                errors.Add(FieldError.Invalid(apiVersionPath, GoSyntax.BadValue(apiVersion), "must be a string"));
            }
            else if (apiVersion!.GetValue<string>() is { Length: 0 })
            {
                errors.Add(FieldError.Required(apiVersionPath));
            }
            else if (apiVersion.GetValue<string>().Count(c => c == '/') > 1)
            {
                // schema.ParseGroupVersion accepts "v1" and "group/v1" only.
                errors.Add(FieldError.Invalid(apiVersionPath, GoSyntax.BadValue(apiVersion), $"unexpected GroupVersion string: {apiVersion.GetValue<string>()}"));
            }
        }

        if (obj.TryGetPropertyValue("kind", out var kind))
        {
            if (!IsString(kind))
            {
                errors.Add(FieldError.Invalid(kindPath, GoSyntax.BadValue(kind), "must be a string"));
            }
            else if (kind!.GetValue<string>() is { Length: 0 })
            {
                errors.Add(FieldError.Required(kindPath));
            }
            else if (Names.Dns1035Label(kind.GetValue<string>().ToLowerInvariant()) is { Count: > 0 } problems)
            {
                errors.Add(FieldError.Invalid(kindPath, GoSyntax.BadValue(kind), "may have mixed case, but should otherwise match: " + string.Join(",", problems)));
            }
        }
    }

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;
}
