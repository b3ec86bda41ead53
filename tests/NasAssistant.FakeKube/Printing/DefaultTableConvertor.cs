using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// The table of kinds without a printer, e.g. CustomResourceDefinitions: Name and Created At
/// (defaultTableConvertor, k8s.io/apiserver/pkg/registry/rest/table.go).
/// </summary>
internal sealed class DefaultTableConvertor : ITableConvertor
{
    public static DefaultTableConvertor Instance { get; } = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName,
        new("Created At", "date", TableColumn.CreationTimestampDescription),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        // creationTimestamp formatted as RFC 3339 in UTC; a missing one is Go's zero time.
        var created = DateTimeOffset.TryParse(Meta.String(obj, "creationTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? Meta.Timestamp(time)
            : "0001-01-01T00:00:00Z";
        return [Meta.Name(obj), created];
    }
}
