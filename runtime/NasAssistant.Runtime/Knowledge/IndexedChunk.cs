namespace NasAssistant.Runtime.Knowledge;

/// <summary>One embedded passage of a document.</summary>
/// <param name="Source">File name of the document in the knowledge folder.</param>
/// <param name="Index">Position of the chunk in the document, from 0.</param>
/// <param name="Text">The passage.</param>
/// <param name="Vector">Its L2-normalized embedding.</param>
internal sealed record IndexedChunk(string Source, int Index, string Text, float[] Vector);
