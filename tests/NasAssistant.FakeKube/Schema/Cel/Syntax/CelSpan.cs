namespace NasAssistant.FakeKube.Schema.Cel.Syntax;

/// <summary>A stretch of source, first and last code point inclusive.</summary>
internal readonly record struct CelSpan(int Start, int Stop);
