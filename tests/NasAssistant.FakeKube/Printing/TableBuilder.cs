using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// Writes a <c>meta.k8s.io</c> Table for one object or a list (asTable in handlers/response.go): column
/// definitions, one row per object, and per row the object as <c>includeObject</c> asks — its metadata
/// as a PartialObjectMetadata by default, the whole object, or nothing.
/// </summary>
internal static class TableBuilder
{
    public static JsonObject Build(ITableConvertor convertor, IReadOnlyList<JsonObject> objects, JsonObject listMeta, TableOptions options, string tableVersion, DateTimeOffset now)
    {
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = convertor.Cells(obj, now) };
            if (convertor.RowConditions(obj) is { } conditions)
            {
                row["conditions"] = conditions;
            }

            row["object"] = options.IncludeObject switch
            {
                "None" => null,
                "Object" => obj.DeepClone(),
                _ => new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = $"meta.k8s.io/{tableVersion}",
                    ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
                },
            };
            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = $"meta.k8s.io/{tableVersion}",
            ["metadata"] = listMeta.DeepClone(),
            ["columnDefinitions"] = options.NoHeaders ? null : new JsonArray(convertor.Columns.Select(c => (JsonNode?)c.ToJson()).ToArray()),
            ["rows"] = rows,
        };
    }
}
