namespace NasAssistant.Runtime.Config;

/// <summary>The knowledge base: documents chunked, embedded with the served model and searched by similarity.</summary>
public sealed record KnowledgeConfig
{
    /// <summary>Folder holding the documents (<c>*.txt</c>, <c>*.md</c>) and the index; null turns the knowledge base off.</summary>
    public string? Directory { get; init; }

    /// <summary>Longest chunk in characters; sized so a chunk fits the embedding model's 256-token window.</summary>
    public int ChunkCharacters { get; init; } = 800;

    /// <summary>Characters a chunk repeats from the end of the one before it, so a passage split at a boundary is still found.</summary>
    public int ChunkOverlapCharacters { get; init; } = 100;

    /// <summary>Seconds between full rescans of the folder, which catch changes the file watcher missed.</summary>
    public int RescanIntervalSeconds { get; init; } = 60;
}
