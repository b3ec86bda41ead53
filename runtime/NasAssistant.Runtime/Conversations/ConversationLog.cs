using System.Buffers.Binary;

namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// The file format of one conversation: records one after another, each
/// <c>payload length (uint32 LE) | CRC-32 of payload (uint32 LE) | payload</c>. A record is whole when its
/// length fits in the file and its checksum matches; the first record that is not marks a torn tail
/// (a write cut off by a crash, or blocks the file system extended but never filled), and everything from there on is dropped.
/// </summary>
internal static class ConversationLog
{
    /// <summary>Bytes before each payload.</summary>
    public const int HeaderSize = 8;

    /// <summary>Frames <paramref name="payload"/> as one record.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var record = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), System.IO.Hashing.Crc32.HashToUInt32(payload));
        payload.CopyTo(record.AsSpan(HeaderSize));
        return record;
    }

    /// <summary>
    /// Reads <paramref name="file"/> from <paramref name="from"/> (the end of records already read, <paramref name="firstIndex"/>
    /// of them) to its end, decoding each whole payload with <paramref name="decode"/> when given.
    /// </summary>
    public static LogScan Scan(FileStream file, Func<ReadOnlyMemory<byte>, int, StoredTurn>? decode, long from = 0, int firstIndex = 0)
    {
        var data = new byte[file.Length - from];
        file.Position = from;
        file.ReadExactly(data);
        var turns = decode is null ? null : new List<StoredTurn>();
        long offset = 0;
        long lastStart = -1;
        var count = firstIndex;
        int size;
        while ((size = WholeLength(data.AsSpan((int)offset))) > 0)
        {
            turns?.Add(decode!(new ReadOnlyMemory<byte>(data, (int)offset + HeaderSize, size - HeaderSize), count));
            lastStart = offset;
            offset += size;
            count++;
        }

        return new LogScan(from + offset, count, turns, lastStart < 0 ? null : data[(int)lastStart..(int)offset]);
    }

    /// <summary>The payload of the first record of <paramref name="file"/>, or null when it does not hold a whole one.</summary>
    public static byte[]? ReadFirst(FileStream file)
    {
        var header = new byte[HeaderSize];
        file.Position = 0;
        if (file.Length < HeaderSize)
        {
            return null;
        }

        file.ReadExactly(header);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length > file.Length - HeaderSize)
        {
            return null;
        }

        var record = new byte[HeaderSize + length];
        header.CopyTo(record, 0);
        file.ReadExactly(record.AsSpan(HeaderSize));
        return WholeLength(record) == record.Length ? record[HeaderSize..] : null;
    }

    // The length of the whole record (header and payload) that starts at the start of bytes, or 0 when none does.
    private static int WholeLength(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize)
        {
            return 0;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);

        // No stored payload is empty; a zero length is a zero-filled block a crash left behind (its CRC-32 would also be zero).
        if (length == 0 || length > bytes.Length - HeaderSize)
        {
            return 0;
        }

        return System.IO.Hashing.Crc32.HashToUInt32(bytes.Slice(HeaderSize, (int)length)) == checksum ? HeaderSize + (int)length : 0;
    }
}
