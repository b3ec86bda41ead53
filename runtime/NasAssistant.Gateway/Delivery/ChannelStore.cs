using System.Text;
using System.Text.Json;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Hosting.Files;

namespace NasAssistant.Gateway.Delivery;

/// <summary>
/// One channel's durable state in the data folder, as an append-only journal of JSON lines, each flushed to
/// the device before the call returns: which parts of which message's reply were sent and which replies are
/// complete (so a redelivered message is not answered twice), each chat's current conversation (after
/// <c>/new</c>) and the citations of its last answer (<c>/sources</c>). A torn last line left by a crash is cut
/// off when the journal is opened; at opening, a journal grown past <see cref="CompactionBytes"/> is rewritten
/// atomically without the deliveries older than the retention. Only the active gateway instance writes it,
/// and it is opened at the start of each term, so a standby that takes over reads what the leader wrote.
/// </summary>
internal sealed class ChannelStore : IDisposable
{
    /// <summary>Journal size past which opening rewrites it without old deliveries.</summary>
    public const long CompactionBytes = 4 << 20;

    /// <summary>How long a delivery is remembered: longer than any platform redelivers (Telegram keeps updates 24 hours).</summary>
    public static readonly TimeSpan DeliveryRetention = TimeSpan.FromDays(2);

    private const string FileName = "journal.jsonl";
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly FileStream _file;
    private readonly Dictionary<string, (DeliveryProgress Progress, long At)> _deliveries;
    private readonly Dictionary<string, string> _conversations;
    private readonly Dictionary<string, IReadOnlyList<Citation>> _citations;

    private ChannelStore(FileStream file, TimeProvider time, State state)
    {
        _file = file;
        _time = time;
        _deliveries = state.Deliveries;
        _conversations = state.Conversations;
        _citations = state.Citations;
    }

    /// <summary>Opens (or creates) the journal in <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">The folder or journal cannot be read or written.</exception>
    public static ChannelStore Open(string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var isNew = !File.Exists(path);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
        try
        {
            var state = Read(file);
            if (file.Length > CompactionBytes)
            {
                file.Dispose();
                var horizon = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)DeliveryRetention.TotalMilliseconds;
                AtomicFile.Write(path, stream => WriteSnapshot(stream, state, horizon), overwrite: true);
                file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
                state = Read(file);
            }
            else if (isNew)
            {
                FolderSync.Flush(directory);
            }

            file.Seek(0, SeekOrigin.End);
            return new ChannelStore(file, time, state);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>How far the reply to <paramref name="deliveryId"/> has gone out.</summary>
    public DeliveryProgress Progress(string deliveryId)
    {
        lock (_gate)
        {
            return _deliveries.TryGetValue(deliveryId, out var entry) ? entry.Progress : default;
        }
    }

    /// <summary>Records that part <paramref name="part"/> (0-based) of the reply was accepted by the platform.</summary>
    public void PartSent(string deliveryId, int part) =>
        Append(json => { json.WriteString("delivery", deliveryId); json.WriteNumber("part", part); },
            at => _deliveries[deliveryId] = (new DeliveryProgress(part + 1, false), at));

    /// <summary>Records that the whole reply to <paramref name="deliveryId"/> was sent.</summary>
    public void Completed(string deliveryId) =>
        Append(json => { json.WriteString("delivery", deliveryId); json.WriteBoolean("done", true); },
            at => _deliveries[deliveryId] = (new DeliveryProgress(Progress(deliveryId).PartsSent, true), at));

    /// <summary>The conversation <paramref name="chat"/> talks in now, or null before its first <c>/new</c>.</summary>
    public string? ConversationOf(string chat)
    {
        lock (_gate)
        {
            return _conversations.GetValueOrDefault(chat);
        }
    }

    /// <summary>Makes <paramref name="conversationId"/> the conversation of <paramref name="chat"/> from now on.</summary>
    public void StartConversation(string chat, string conversationId) =>
        Append(json => { json.WriteString("chat", chat); json.WriteString("conversation", conversationId); },
            _ => _conversations[chat] = conversationId);

    /// <summary>The citations of the last answer in <paramref name="chat"/>.</summary>
    public IReadOnlyList<Citation> CitationsOf(string chat)
    {
        lock (_gate)
        {
            return _citations.GetValueOrDefault(chat) ?? [];
        }
    }

    /// <summary>Keeps the citations of the answer just given in <paramref name="chat"/>.</summary>
    public void SetCitations(string chat, IReadOnlyList<Citation> citations) =>
        Append(json => { json.WriteString("chat", chat); WriteCitations(json, citations); },
            _ => _citations[chat] = citations);

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private void Append(Action<Utf8JsonWriter> write, Action<long> apply)
    {
        lock (_gate)
        {
            var at = _time.GetUtcNow().ToUnixTimeMilliseconds();
            _file.Write(Line(json =>
            {
                json.WriteNumber("at", at);
                write(json);
            }));
            _file.Flush(flushToDisk: true);
            apply(at);
        }
    }

    private static byte[] Line(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteCitations(Utf8JsonWriter json, IReadOnlyList<Citation> citations)
    {
        json.WriteStartArray("citations");
        foreach (var citation in citations)
        {
            json.WriteStartObject();
            json.WriteNumber("index", citation.Index);
            json.WriteString("source", citation.Source);
            json.WriteNumber("chunk", citation.ChunkIndex);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSnapshot(Stream stream, State state, long horizon)
    {
        foreach (var (chat, conversation) in state.Conversations)
        {
            stream.Write(Line(json => { json.WriteNumber("at", 0); json.WriteString("chat", chat); json.WriteString("conversation", conversation); }));
        }

        foreach (var (chat, citations) in state.Citations)
        {
            stream.Write(Line(json => { json.WriteNumber("at", 0); json.WriteString("chat", chat); WriteCitations(json, citations); }));
        }

        foreach (var (id, (progress, at)) in state.Deliveries.Where(d => d.Value.At >= horizon))
        {
            stream.Write(Line(json =>
            {
                json.WriteNumber("at", at);
                json.WriteString("delivery", id);
                if (progress.Completed)
                {
                    json.WriteBoolean("done", true);
                }
                else
                {
                    json.WriteNumber("part", progress.PartsSent - 1);
                }
            }));
        }
    }

    private static State Read(FileStream file)
    {
        var state = new State();
        file.Seek(0, SeekOrigin.Begin);
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (complete < bytes.Length)
        {
            // A torn write from a crash: the record was never acknowledged, so it is cut off.
            file.SetLength(complete);
            file.Flush(flushToDisk: true);
        }

        foreach (var line in Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Apply(state, line);
        }

        return state;
    }

    private static void Apply(State state, string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var at = root.GetProperty("at").GetInt64();
        if (root.TryGetProperty("delivery", out var delivery))
        {
            var id = delivery.GetString()!;
            var known = state.Deliveries.GetValueOrDefault(id).Progress;
            state.Deliveries[id] = root.TryGetProperty("done", out _)
                ? (known with { Completed = true }, at)
                : (new DeliveryProgress(root.GetProperty("part").GetInt32() + 1, false), at);
            return;
        }

        var chat = root.GetProperty("chat").GetString()!;
        if (root.TryGetProperty("conversation", out var conversation))
        {
            state.Conversations[chat] = conversation.GetString()!;
        }
        else if (root.TryGetProperty("citations", out var citations))
        {
            state.Citations[chat] = citations.EnumerateArray()
                .Select(c => new Citation(c.GetProperty("index").GetInt32(), c.GetProperty("source").GetString()!, c.GetProperty("chunk").GetInt32()))
                .ToArray();
        }
    }

    private sealed class State
    {
        public Dictionary<string, (DeliveryProgress Progress, long At)> Deliveries { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Conversations { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, IReadOnlyList<Citation>> Citations { get; } = new(StringComparer.Ordinal);
    }
}
