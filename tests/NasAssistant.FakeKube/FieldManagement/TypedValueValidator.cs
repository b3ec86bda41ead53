using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// Checks that a value fits its schema before merging (typed/validate.go, what ObjectToTyped runs):
/// scalars of the declared JSON type, lists and maps where declared, no undeclared fields, list items
/// with their keys, and no duplicate keys unless allowed (live objects may carry duplicates).
/// </summary>
internal sealed class TypedValueValidator
{
    private readonly bool _allowDuplicates;
    private readonly List<string> _errors = [];

    private TypedValueValidator(bool allowDuplicates) => _allowDuplicates = allowDuplicates;

    /// <summary>The errors as the real server prints them (<c>.spec.foo: field not declared in schema</c>), or null.</summary>
    public static string? Validate(JsonNode? value, SmdType type, bool allowDuplicates)
    {
        var validator = new TypedValueValidator(allowDuplicates);
        validator.Visit(value, type, string.Empty);
        return validator._errors.Count switch
        {
            0 => null,
            1 => validator._errors[0],
            _ => "errors:\n" + string.Join("\n", validator._errors.Select(e => "  " + e)),
        };
    }

    private void Visit(JsonNode? value, SmdType type, string path)
    {
        type = type.For(value);
        switch (type.Kind)
        {
            case SmdKind.Scalar:
                Scalar(value, type, path);
                break;
            case SmdKind.List when value is JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var element = type.IsAssociative ? null : PathElement.IndexOf(i);
                    if (type.IsAssociative)
                    {
                        element = ListItems.TryPathElementOf(type, list[i], out var error);
                        if (element is null)
                        {
                            Error(path, $"element {i}: {error}");
                            return;
                        }

                        if (!_allowDuplicates && list.Take(i).Any(earlier => ListItems.TryPathElementOf(type, earlier, out _)?.Equals(element) == true))
                        {
                            Error(path, $"duplicate entries for key {element}");
                        }
                    }

                    Visit(list[i], type.Element!, path + element);
                }

                break;
            case SmdKind.List when value is not null:
                Error(path, $"expected list, got {value.ToJsonString()}");
                break;
            case SmdKind.Map when value is JsonObject map:
                foreach (var (key, child) in map)
                {
                    if (type.FieldOrElement(key) is { } childType)
                    {
                        Visit(child, childType, $"{path}.{key}");
                    }
                    else
                    {
                        Error($"{path}.{key}", "field not declared in schema");
                    }
                }

                break;
            case SmdKind.Map when value is not null:
                Error(path, $"expected map, got {value.ToJsonString()}");
                break;
        }
    }

    // validateScalar
    private void Scalar(JsonNode? value, SmdType type, string path)
    {
        if (value is null)
        {
            return;
        }

        var message = type.ScalarType switch
        {
            "integer" or "number" when !JsonValues.IsInt(value) && !JsonValues.IsFloat(value) => $"expected numeric (int or float), got {value.ToJsonString()}",
            "string" when !JsonValues.IsString(value) => $"expected string, got {value.ToJsonString()}",
            "boolean" when !JsonValues.IsBool(value) => $"expected boolean, got {value.ToJsonString()}",
            _ when !JsonValues.IsScalar(value) => $"expected any scalar, got {value.ToJsonString()}",
            _ => null,
        };
        if (message is not null)
        {
            Error(path, message);
        }
    }

    private void Error(string path, string message) => _errors.Add(path.Length == 0 ? message : $"{path}: {message}");
}
