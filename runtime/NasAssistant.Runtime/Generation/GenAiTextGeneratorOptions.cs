namespace NasAssistant.Runtime.Generation;

/// <summary>How a <see cref="GenAiTextGenerator"/> shares the CPU and memory of a small machine.</summary>
internal sealed record GenAiTextGeneratorOptions
{
    /// <summary>
    /// Most replies generated at once; further requests wait their turn. One keeps a 2-core NAS from
    /// running two models' worth of threads on the same cores.
    /// </summary>
    public int MaxConcurrentGenerations { get; init; } = 1;

    /// <summary>
    /// Most conversations whose key/value cache is kept for their next turn (least recently used go
    /// first); 0 keeps none. Each one holds a whole conversation's keys and values in memory.
    /// </summary>
    public int CachedConversations { get; init; } = 4;

    /// <summary>
    /// Tokens of room a cached conversation's generator keeps beyond its first reply, so that later turns
    /// fit without starting over. Models that preallocate their cache (past_present_share_buffer) pay
    /// for this room in memory.
    /// </summary>
    public int CacheHeadroomTokens { get; init; } = 1024;

    /// <summary>Intra-op threads of the model's session; null keeps the model's own setting (ONNX Runtime's default: all cores).</summary>
    public int? Threads { get; init; }
}
