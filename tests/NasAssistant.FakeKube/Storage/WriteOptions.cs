namespace NasAssistant.FakeKube.Storage;

/// <summary>Per-request write settings: <c>fieldValidation</c> (Ignore, Warn, Strict) and collected warnings.</summary>
internal sealed record WriteOptions(string? FieldValidation)
{
    public static WriteOptions Default => new((string?)null);

    /// <summary>The write is a patch: decoding errors then name the patched object, as the real patcher does.</summary>
    public bool Patch { get; init; }

    public List<string> Warnings { get; } = [];
}
