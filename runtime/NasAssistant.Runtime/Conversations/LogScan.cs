namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// What reading a conversation file found: where its whole records end, how many there are, the turns read when
/// decoded, and the last whole record's bytes (null when it read none).
/// </summary>
internal readonly record struct LogScan(long ValidLength, int Count, IReadOnlyList<StoredTurn>? Turns, byte[]? LastRecord);
