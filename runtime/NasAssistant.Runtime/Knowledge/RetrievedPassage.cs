namespace NasAssistant.Runtime.Knowledge;

/// <summary>A passage returned by retrieval.</summary>
/// <param name="Source">File name of the document it comes from.</param>
/// <param name="ChunkIndex">Position of the chunk in that document, from 0.</param>
/// <param name="Score">Cosine similarity to the query, from -1 to 1.</param>
/// <param name="Text">The passage.</param>
internal sealed record RetrievedPassage(string Source, int ChunkIndex, float Score, string Text);
