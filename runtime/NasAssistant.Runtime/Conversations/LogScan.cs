namespace NasAssistant.Runtime.Conversations;

/// <summary>What reading a conversation file found: where its whole records end, how many there are and, when decoded, the turns.</summary>
internal readonly record struct LogScan(long ValidLength, int Count, IReadOnlyList<StoredTurn>? Turns);
