namespace NasAssistant.Runtime.Knowledge;

/// <summary>Answer of <c>GET /v1/documents</c>: the indexed documents in name order.</summary>
internal sealed record DocumentList(string Object, IReadOnlyList<DocumentInfo> Data);

/// <summary>One indexed document.</summary>
/// <param name="Name">Its file name in the knowledge folder.</param>
/// <param name="Bytes">Its size when indexed.</param>
/// <param name="Chunks">Chunks it was split into.</param>
/// <param name="Sha256">SHA-256 of its bytes when indexed.</param>
internal sealed record DocumentInfo(string Name, long Bytes, int Chunks, string Sha256);

/// <summary>Answer of <c>DELETE /v1/documents/{name}</c>.</summary>
internal sealed record DocumentDeleted(string Name, bool Deleted);
