namespace NasAssistant.Runtime.Inference;

/// <summary>One embedding request: its texts already tokenized.</summary>
internal sealed record EmbeddingJob(IReadOnlyList<int[]> Sequences);
