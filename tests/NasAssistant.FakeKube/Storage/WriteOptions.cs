namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// Per-request write settings: <c>fieldValidation</c> (Ignore, Warn, Strict), collected warnings, and who
/// writes (the field manager and subresource recorded in managedFields; none for direct store access).
/// </summary>
internal sealed record WriteOptions(string? FieldValidation)
{
    public static WriteOptions Default => new((string?)null);

    public List<string> Warnings { get; } = [];

    /// <summary>The manager an API write is recorded under; null for direct store access (not tracked).</summary>
    public string? FieldManager { get; init; }

    /// <summary>status, scale or empty.</summary>
    public string Subresource { get; init; } = string.Empty;

    /// <summary>Server-side apply has already computed the object's managedFields.</summary>
    public bool IsApply { get; init; }
}
