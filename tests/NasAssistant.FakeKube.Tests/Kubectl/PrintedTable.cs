using System.Text.RegularExpressions;

namespace NasAssistant.FakeKube.Tests.Kubectl;

/// <summary>
/// kubectl's human-readable table read back: column names from the header line and each row's cells
/// cut at the header's column positions (columns are aligned; a name may contain a single space).
/// </summary>
internal sealed partial class PrintedTable
{
    private PrintedTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    public static PrintedTable Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var columns = ColumnName().Matches(lines[0]).ToList();
        var rows = lines.Skip(1).Select(line => (IReadOnlyList<string>)columns.Select((column, i) =>
        {
            var start = Math.Min(column.Index, line.Length);
            var end = i + 1 < columns.Count ? Math.Min(columns[i + 1].Index, line.Length) : line.Length;
            return line[start..end].Trim();
        }).ToList()).ToList();
        return new PrintedTable(columns.Select(c => c.Value).ToList(), rows);
    }

    /// <summary>The cells of the row whose first cell is <paramref name="name"/>, by column name.</summary>
    public IReadOnlyDictionary<string, string> Row(string name)
    {
        var row = Rows.Single(r => r[0] == name);
        return Header.Select((column, i) => (column, row[i])).ToDictionary(p => p.column, p => p.Item2);
    }

    [GeneratedRegex(@"\S+(?: \S+)*")]
    private static partial Regex ColumnName();
}
