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
        while (data.Length - offset >= HeaderSize)
        {
            var header = data.AsSpan((int)offset, HeaderSize);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            // No stored payload is empty; a zero length is a zero-filled block a crash left behind (its CRC-32 would also be zero).
            if (length == 0 || length > data.Length - offset - HeaderSize)
            {
                break;
            }

            var payload = new ReadOnlyMemory<byte>(data, (int)offset + HeaderSize, (int)length);
            if (System.IO.Hashing.Crc32.HashToUInt32(payload.Span) != checksum)
            {
                break;
            }

            turns?.Add(decode!(payload, count));
            lastStart = offset;
            offset += HeaderSize + length;
            count++;
        }

        return new LogScan(from + offset, count, turns, lastStart < 0 ? null : data[(int)lastStart..(int)offset]);
    }
}
