namespace NasAssistant.Runtime.Knowledge;

/// <summary>A document as indexed: what identifies its content on disk, and its chunks.</summary>
/// <param name="Source">File name in the knowledge folder.</param>
/// <param name="Length">File size when indexed.</param>
/// <param name="LastWriteTicks">Last write time (UTC ticks) when indexed.</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lowercase hex.</param>
/// <param name="Chunks">The embedded chunks, in order.</param>
internal sealed record IndexedDocument(string Source, long Length, long LastWriteTicks, string Sha256, IReadOnlyList<IndexedChunk> Chunks);
