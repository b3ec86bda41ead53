using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Printing.JsonPath;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// The table of a custom resource: Name, then the version's <c>additionalPrinterColumns</c> evaluated as
/// JSONPath (tableconvertor.New and convertor.ConvertToTable, apiextensions-apiserver
/// pkg/registry/customresource/tableconvertor).
/// </summary>
internal sealed class CustomResourceTableConvertor : ITableConvertor
{
    private static readonly string[] Rfc3339Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK"];

    private readonly IReadOnlyList<JsonPathTemplate> _paths;

    private CustomResourceTableConvertor(IReadOnlyList<TableColumn> columns, IReadOnlyList<JsonPathTemplate> paths)
    {
        Columns = columns;
        _paths = paths;
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>
    /// Builds the convertor for one CRD version. Without columns the server shows the age
    /// (serveDefaultColumnsIfEmpty); a column whose path does not parse ends the list there, as the
    /// server then falls back to the columns it built so far.
    /// </summary>
    public static CustomResourceTableConvertor For(JsonArray? additionalPrinterColumns)
    {
        var definitions = additionalPrinterColumns?.OfType<JsonObject>().ToList() ?? [];
        if (definitions.Count == 0)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = "Age",
                ["type"] = "date",
                ["description"] = TableColumn.CreationTimestampDescription,
                ["jsonPath"] = ".metadata.creationTimestamp",
            });
        }

        var columns = new List<TableColumn> { TableColumn.ObjectName };
        var paths = new List<JsonPathTemplate>();
        foreach (var definition in definitions)
        {
            var jsonPath = Text(definition, "jsonPath");
            try
            {
                paths.Add(JsonPathTemplate.Parse(jsonPath));
            }
            catch (JsonPathException)
            {
                break;
            }

            var description = Text(definition, "description");
            columns.Add(new TableColumn(
                Text(definition, "name"),
                Text(definition, "type"),
                description.Length > 0 ? description : $"Custom resource definition column (in JSONPath format): {jsonPath}",
                Text(definition, "format"),
                definition["priority"]?.GetValue<int>() ?? 0));
        }

        return new CustomResourceTableConvertor(columns, paths);
    }

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var cells = new JsonArray(Meta.Name(obj));
        for (var i = 0; i < _paths.Count; i++)
        {
            List<JsonNode?> results;
            try
            {
                results = _paths[i].FindResults(obj);
            }
            catch (JsonPathException)
            {
                results = [];
            }

            // Only simple paths are expected, so the first result is the value.
            cells.Add(results.Count == 0 ? null : Cell(Columns[i + 1].Type, results[0], now));
        }

        return cells;
    }

    // A string column prints the value as kubectl's jsonpath would; the other types keep JSON values
    // (cellForJSONValue). A value of another type than the column's is an empty cell.
    private static JsonNode? Cell(string type, JsonNode? value, DateTimeOffset now)
    {
        if (type == "string")
        {
            return value is null ? "<no value>" : JsonPathTemplate.Text(value);
        }

        if (value is not JsonValue scalar)
        {
            return null;
        }

        var kind = scalar.GetValueKind();
        return type switch
        {
            "integer" when scalar.TryGetValue<long>(out var integer) => integer,
            "integer" when kind == JsonValueKind.Number => (long)scalar.GetValue<double>(),
            "number" when kind == JsonValueKind.Number => scalar.GetValue<double>(),
            "boolean" when kind is JsonValueKind.True or JsonValueKind.False => scalar.GetValue<bool>(),
            "date" when kind == JsonValueKind.String => Age(scalar.GetValue<string>(), now),
            _ => null,
        };
    }

    // metav1.Time.UnmarshalQueryParameter: RFC 3339 (fractional seconds allowed); empty is the zero time.
    private static string Age(string timestamp, DateTimeOffset now)
    {
        if (timestamp is "" or "null")
        {
            return "<unknown>";
        }

        return DateTimeOffset.TryParseExact(timestamp, Rfc3339Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? HumanDuration.Short(now - time)
            : "<invalid>";
    }

    private static string Text(JsonObject obj, string field) =>
        obj[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
}
