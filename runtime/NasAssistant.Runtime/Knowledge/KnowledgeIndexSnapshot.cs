namespace NasAssistant.Runtime.Knowledge;

/// <summary>The content of a persisted index.</summary>
/// <param name="ModelSha256">Digest of the model that made the vectors; another model's vectors are not comparable.</param>
/// <param name="ChunkCharacters">Chunk size the documents were split with.</param>
/// <param name="ChunkOverlapCharacters">Overlap the documents were split with.</param>
/// <param name="Documents">The indexed documents.</param>
internal sealed record KnowledgeIndexSnapshot(string ModelSha256, int ChunkCharacters, int ChunkOverlapCharacters, IReadOnlyList<IndexedDocument> Documents);
