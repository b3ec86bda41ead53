namespace NasAssistant.Runtime.Generation;

/// <summary>How one reply is generated.</summary>
internal sealed record GenerationSettings
{
    /// <summary>Most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>Sampling temperature; 0 picks the most likely token every step.</summary>
    public float Temperature { get; init; }

    /// <summary>Nucleus sampling mass; 1 samples from the whole distribution.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Texts that end the reply; the matched text is not returned.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Seed for sampling, so a request can be repeated exactly.</summary>
    public int? Seed { get; init; }

    /// <summary>Key under which the key/value cache is kept for the next turn (the conversation id); null keeps nothing.</summary>
    public string? CacheKey { get; init; }
}
