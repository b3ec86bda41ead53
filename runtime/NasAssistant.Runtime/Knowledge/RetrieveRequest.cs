namespace NasAssistant.Runtime.Knowledge;

/// <summary>Body of <c>POST /v1/retrieve</c>.</summary>
internal sealed record RetrieveRequest
{
    /// <summary>The question to find passages for.</summary>
    public string? Query { get; init; }

    /// <summary>How many passages to return; the knowledge API's <c>DefaultTopK</c> when left out.</summary>
    public int? TopK { get; init; }
}
