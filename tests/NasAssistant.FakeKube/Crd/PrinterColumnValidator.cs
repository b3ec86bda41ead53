using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Schema;

namespace NasAssistant.FakeKube.Crd;

/// <summary>Printer columns as <c>ValidateCustomResourceColumnDefinition</c> checks them.</summary>
internal static class PrinterColumnValidator
{
    private const string Types = "boolean,date,integer,number,string";
    private const string Formats = "byte,date,date-time,double,float,int32,int64,password";

    public static IEnumerable<FieldError> Validate(JsonArray? columns, string path)
    {
        var list = columns?.ToList() ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var column = list[i] as JsonObject ?? new JsonObject();
            var columnPath = SchemaNode.Index(path, i);
            if (Text(column, "name").Length == 0)
            {
                yield return FieldError.Required(SchemaNode.Child(columnPath, "name"));
            }

            var type = Text(column, "type");
            if (type.Length == 0)
            {
                yield return FieldError.Required(SchemaNode.Child(columnPath, "type"), "must be one of " + Types);
            }
            else if (!Types.Split(',').Contains(type, StringComparer.Ordinal))
            {
                yield return FieldError.Invalid(SchemaNode.Child(columnPath, "type"), GoSyntax.Quote(type), "must be one of " + Types);
            }

            var format = Text(column, "format");
            if (format.Length > 0 && !Formats.Split(',').Contains(format, StringComparer.Ordinal))
            {
                yield return FieldError.Invalid(SchemaNode.Child(columnPath, "format"), GoSyntax.Quote(format), "must be one of " + Formats);
            }

            var jsonPath = Text(column, "jsonPath");
            if (jsonPath.Length == 0)
            {
                yield return FieldError.Required(SchemaNode.Child(columnPath, "JSONPath"));
            }
            else if (SimpleJsonPath(jsonPath, SchemaNode.Child(columnPath, "JSONPath")) is { } problem)
            {
                yield return problem;
            }
        }
    }

    /// <summary><c>validateSimpleJSONPath</c>: a path must start with a dot.</summary>
    public static FieldError? SimpleJsonPath(string jsonPath, string path) => jsonPath switch
    {
        "" => FieldError.Invalid(path, "\"\"", "must not be empty"),
        _ when jsonPath[0] != '.' => FieldError.Invalid(path, GoSyntax.Quote(jsonPath), "must be a simple json path starting with ."),
        _ => null,
    };

    private static string Text(JsonObject obj, string field) => obj[field]?.GetValue<string>() ?? string.Empty;
}
