using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// A built-in kind's printer from pkg/printers/internalversion/printers.go: its column definitions and the
/// function that fills a row. The server always prints wide (printers/storage TableConvertor), so the
/// priority-1 columns are filled too and kubectl shows them with <c>-o wide</c>.
/// </summary>
internal sealed record Printer(IReadOnlyList<TableColumn> Columns, Func<JsonObject, DateTimeOffset, JsonArray> Row) : ITableConvertor
{
    /// <summary>Row conditions (only pods have them: Completed for a finished pod).</summary>
    public Func<JsonObject, JsonArray?>? Conditions { get; init; }

    public JsonArray Cells(JsonObject obj, DateTimeOffset now) => Row(obj, now);

    public JsonArray? RowConditions(JsonObject obj) => Conditions?.Invoke(obj);
}
