namespace NasAssistant.FakeKube.Storage;

/// <summary>Per-request write settings: <c>fieldValidation</c> (Ignore, Warn, Strict) and collected warnings.</summary>
internal sealed record WriteOptions(string? FieldValidation)
{
    public static WriteOptions Default => new((string?)null);

    public List<string> Warnings { get; } = [];
}
