using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing;

/// <summary>Turns objects of one resource into Table rows (rest.TableConvertor).</summary>
internal interface ITableConvertor
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The row cells of one object, one per column, rendered as the server does at <paramref name="now"/>.</summary>
    JsonArray Cells(JsonObject obj, DateTimeOffset now);

    /// <summary>The row's conditions (metav1.TableRowCondition), when the printer sets any.</summary>
    JsonArray? RowConditions(JsonObject obj) => null;
}
