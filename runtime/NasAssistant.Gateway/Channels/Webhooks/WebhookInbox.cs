using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Hosting.Files;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>
/// The messages a webhook channel confirmed to its platform but has not answered yet, kept in the channel's
/// folder (<c>inbox.jsonl</c>) so that a restart or a standby taking over still answers them: the platforms
/// want their webhook answered within seconds (WeCom 5, Slack and Feishu 3), sooner than an answer comes, so
/// the gateway confirms a message once it is on disk, not once it is answered. Each record is flushed to the
/// device before the call returns; a torn last line is cut off at opening. Opening keeps only the messages
/// still to answer, and the file is emptied whenever none is left, so a question's text stays on disk no
/// longer than it waits for its answer. Strangers' messages never come here.
/// </summary>
internal sealed class WebhookInbox : IDisposable
{
    private const string FileName = "inbox.jsonl";
    private readonly object _gate = new();
    private readonly FileStream _file;
    private readonly Dictionary<string, InboxEntry> _pending;
    private bool _closed;

    private WebhookInbox(FileStream file, Dictionary<string, InboxEntry> pending)
    {
        _file = file;
        _pending = pending;
    }

    /// <summary>Opens (or creates) the inbox in <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">The folder or file cannot be read or written.</exception>
    public static WebhookInbox Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var pending = File.Exists(path) ? ReadPending(path) : [];
        AtomicFile.Write(path, stream =>
        {
            foreach (var entry in pending.Values)
            {
                stream.Write(AcceptedLine(entry));
            }
        }, overwrite: true);
        var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        file.Seek(0, SeekOrigin.End);
        return new WebhookInbox(file, pending);
    }

    /// <summary>The messages still to answer, oldest first.</summary>
    public IReadOnlyList<InboxEntry> Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Values.OrderBy(e => e.AcceptedAt).ToArray();
            }
        }
    }

    /// <summary>Keeps <paramref name="entry"/> until it is answered; false when its delivery is already waiting (a redelivery).</summary>
    /// <exception cref="ObjectDisposedException">The term ended: the platform must deliver again.</exception>
    /// <exception cref="IOException">The inbox cannot be written: the platform must deliver again.</exception>
    public bool Accept(InboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_pending.ContainsKey(entry.Message.DeliveryId))
            {
                return false;
            }

            _file.Write(AcceptedLine(entry));
            _file.Flush(flushToDisk: true);
            _pending[entry.Message.DeliveryId] = entry;
            return true;
        }
    }

    /// <summary>Forgets <paramref name="deliveryId"/>: it was answered (or given up).</summary>
    public void Done(string deliveryId)
    {
        lock (_gate)
        {
            if (_closed || !_pending.Remove(deliveryId))
            {
                return;
            }

            if (_pending.Count == 0)
            {
                // Nothing left to answer: nothing need stay on disk.
                _file.SetLength(0);
            }
            else
            {
                _file.Write(Line(new JsonObject { ["done"] = deliveryId }));
            }

            _file.Flush(flushToDisk: true);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _file.Dispose();
        }
    }

    private static Dictionary<string, InboxEntry> ReadPending(string path)
    {
        var pending = new Dictionary<string, InboxEntry>(StringComparer.Ordinal);
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(path));

        // A line without its newline was being written when the process died: it was never confirmed.
        foreach (var line in text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("done", out var done))
            {
                pending.Remove(done.GetString()!);
                continue;
            }

            var accepted = root.GetProperty("accepted");
            var message = new InboundMessage(
                accepted.GetProperty("delivery").GetString()!,
                accepted.GetProperty("chat").GetString()!,
                accepted.GetProperty("sender").GetString()!,
                accepted.GetProperty("text").GetString()!,
                accepted.GetProperty("group").GetBoolean(),
                Stopwatch.GetTimestamp());
            var route = accepted.GetProperty("route").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            pending[message.DeliveryId] = new InboxEntry(message, route, DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("at").GetInt64()));
        }

        return pending;
    }

    private static byte[] AcceptedLine(InboxEntry entry)
    {
        var message = entry.Message;
        var route = new JsonObject();
        foreach (var (name, value) in entry.Route)
        {
            route[name] = value;
        }

        return Line(new JsonObject
        {
            ["at"] = entry.AcceptedAt.ToUnixTimeMilliseconds(),
            ["accepted"] = new JsonObject
            {
                ["delivery"] = message.DeliveryId,
                ["chat"] = message.ChatId,
                ["sender"] = message.SenderId,
                ["text"] = message.Text,
                ["group"] = message.IsGroup,
                ["route"] = route,
            },
        });
    }

    private static byte[] Line(JsonObject record) => Encoding.UTF8.GetBytes(record.ToJsonString() + "\n");
}
