namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A parsed expression, or the issues that stopped it from parsing.</summary>
internal sealed record CelParseResult(CelAst? Ast, CelIssues Issues);
