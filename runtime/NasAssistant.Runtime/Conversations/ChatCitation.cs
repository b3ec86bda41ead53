namespace NasAssistant.Runtime.Conversations;

/// <summary>A knowledge-base passage the reply draws on; <c>[index]</c> in the text refers to it.</summary>
internal sealed record ChatCitation(int Index, string Source, int ChunkIndex, float Score);
