using Antlr4.Runtime;

namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>Collects lexer and parser errors as cel-go does: <c>Syntax error: &lt;ANTLR message&gt;</c> at the reported line and column.</summary>
internal sealed class CelSyntaxErrorListener(CelIssues issues) : IAntlrErrorListener<IToken>, IAntlrErrorListener<int>
{
    public void SyntaxError(TextWriter output, IRecognizer recognizer, IToken offendingSymbol, int line, int charPositionInLine, string msg, RecognitionException e) =>
        issues.ReportAtLocation(line, charPositionInLine, "Syntax error: " + msg);

    public void SyntaxError(TextWriter output, IRecognizer recognizer, int offendingSymbol, int line, int charPositionInLine, string msg, RecognitionException e) =>
        issues.ReportAtLocation(line, charPositionInLine, "Syntax error: " + msg);
}
