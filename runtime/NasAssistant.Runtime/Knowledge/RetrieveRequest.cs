namespace NasAssistant.Runtime.Knowledge;

/// <summary>Body of <c>POST /v1/retrieve</c>.</summary>
internal sealed record RetrieveRequest
{
    /// <summary>The question to find passages for.</summary>
    public string? Query { get; init; }

    /// <summary>How many passages to return; <see cref="KnowledgeEndpoints.DefaultTopK"/> when left out.</summary>
    public int? TopK { get; init; }
}
