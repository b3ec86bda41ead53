namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>
/// Parse and type-check errors of one expression, rendered as cel-go's <c>Issues.String()</c>: one
/// <c>ERROR: &lt;input&gt;:line:col: message</c> block per error, ordered by position.
/// </summary>
internal sealed class CelIssues(CelSource source)
{
    private readonly List<(int Line, int Column, string Message)> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public void ReportAtOffset(int offset, string message)
    {
        var (line, column) = source.Location(offset);
        _errors.Add((line, column, message));
    }

    public void ReportAtLocation(int line, int column, string message) => _errors.Add((line, column, message));

    public override string ToString() =>
        string.Join("\n", _errors
            .OrderBy(e => e.Line)
            .ThenBy(e => e.Column)
            .Select(e => source.Display(e.Line, e.Column, e.Message)));
}
