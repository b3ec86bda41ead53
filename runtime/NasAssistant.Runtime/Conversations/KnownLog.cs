namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// What this process last read of a conversation file: where its whole records ended, how many there were, the
/// last one's bytes and, when they were decoded, the turns.
/// </summary>
internal sealed record KnownLog(long Length, int Count, byte[] LastRecord, IReadOnlyList<StoredTurn>? Turns)
{
    /// <summary>Nothing read yet; <paramref name="withTurns"/> says whether reading on should decode the turns.</summary>
    public static KnownLog Nothing(bool withTurns) => new(0, 0, [], withTurns ? [] : null);

    /// <summary>
    /// Whether <paramref name="file"/> still begins with what was read: it is at least as long and holds the same last
    /// record at the same place. The files only grow, so this fails only for a file deleted and created again since.
    /// </summary>
    public bool IsPrefixOf(FileStream file)
    {
        if (file.Length < Length)
        {
            return false;
        }

        var tail = new byte[LastRecord.Length];
        file.Position = Length - tail.Length;
        file.ReadExactly(tail);
        return tail.AsSpan().SequenceEqual(LastRecord);
    }
}
