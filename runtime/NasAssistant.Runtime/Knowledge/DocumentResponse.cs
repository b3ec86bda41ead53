namespace NasAssistant.Runtime.Knowledge;

/// <summary>Answer of <c>POST /v1/documents</c> once the document is stored and indexed.</summary>
/// <param name="Name">The file name it is stored under.</param>
/// <param name="Chunks">Chunks it was split into.</param>
internal sealed record DocumentResponse(string Name, int Chunks);
