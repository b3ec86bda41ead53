namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>One entry of a map literal; the id is the position of its colon.</summary>
internal sealed record CelMapEntry(long Id, CelExpr Key, CelExpr Value, bool Optional);
