namespace NasAssistant.Gateway.Assistant;

/// <summary>A knowledge passage a reply cites: its number in the text, its document and chunk.</summary>
internal sealed record Citation(int Index, string Source, int ChunkIndex);
