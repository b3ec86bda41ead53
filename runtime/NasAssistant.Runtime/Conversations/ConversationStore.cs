using System.Security.Cryptography;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Metrics;
using NasAssistant.Runtime.Security;

namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// Conversations on disk, one append-only file per conversation (<c>ID.log</c>). A turn is acknowledged
/// only after its record and, for a new file, the folder entry are flushed to the device; every access
/// holds the conversation's lock, shared with other processes on the same folder. The first record names
/// the conversation's owner; a caller other than the owner or an admin is answered as if it did not exist.
/// </summary>
internal sealed partial class ConversationStore : IDisposable
{
    /// <summary>Most conversations one listing page returns.</summary>
    public const int MaxPageSize = 100;

    private const string Extension = ".log";
    private const string KeyCheckFile = ".keycheck";
    private const string LockDirectory = ".locks";

    // Held while a turn with an idempotency key is answered, which may take as long as the model generates.
    private static readonly TimeSpan ConversationLockLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TurnLockLimit = TimeSpan.FromMinutes(5);

    // What recent conversations' files held, so each turn reads only what is new; a few hundred long ones fit.
    private const long KnownLogBudgetBytes = 32 * 1024 * 1024;
    private static readonly byte[] KeyCheckPlaintext = "nas-assistant conversation key check v1"u8.ToArray();

    private readonly ConversationConfig _config;
    private readonly RecordCipher? _cipher;
    private readonly ConversationLocks _locks;
    private readonly ConversationLocks _turnLocks;
    private readonly TimeProvider _time;
    private readonly ILogger<ConversationStore> _logger;
    private readonly KnownLogs _known = new(KnownLogBudgetBytes);

    private ConversationStore(ConversationConfig config, string directory, RecordCipher? cipher, TimeProvider time, ILogger<ConversationStore> logger)
    {
        _config = config;
        Directory = directory;
        _cipher = cipher;
        _time = time;
        _logger = logger;
        _locks = new ConversationLocks(Path.Combine(directory, LockDirectory), ConversationLockLimit);
        _turnLocks = new ConversationLocks(Path.Combine(directory, LockDirectory, "turns"), TurnLockLimit);
    }

    /// <summary>The folder holding the conversations.</summary>
    public string Directory { get; }

    /// <summary>Whether records are encrypted.</summary>
    public bool Encrypted => _cipher is not null;

    /// <summary>Opens the folder, creating it if needed, and checks the key against the one it was first used with.</summary>
    /// <exception cref="ConversationStoreException">The folder is unusable, or the key is unreadable or not the folder's key.</exception>
    public static ConversationStore Open(ConversationConfig config, TimeProvider time, ILogger<ConversationStore> logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        var directory = Path.GetFullPath(config.Directory);
        try
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConversationStoreException($"conversations.directory '{directory}' cannot be created: {e.Message}", e);
        }

        RecordCipher? cipher = null;
        if (!string.IsNullOrEmpty(config.EncryptionKeyFile))
        {
            try
            {
                cipher = RecordCipher.FromKeyFile(config.EncryptionKeyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new ConversationStoreException($"conversations.encryptionKeyFile: cannot read the key: {e.Message}", e);
            }
        }

        try
        {
            CheckKey(directory, cipher, config.EncryptionKeyFile);
            var store = new ConversationStore(config, directory, cipher, time, logger);
            store.RefreshGauges();
            return store;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConversationStoreException($"conversations.directory '{directory}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Appends a turn durably for <paramref name="caller"/> and returns it as stored.</summary>
    /// <exception cref="ConversationTooLargeException">The turn would pass the size cap; nothing was written.</exception>
    /// <exception cref="ForeignConversationException">The conversation belongs to another identity; nothing was written.</exception>
    /// <exception cref="ConversationLockedException">The conversation stayed locked by another writer.</exception>
    public async Task<StoredTurn> AppendAsync(string id, Caller caller, string role, string content, CancellationToken cancellationToken) =>
        (await AppendAsync(id, caller, [new NewTurn(role, content)], cancellationToken))[0];

    /// <summary>
    /// Appends turns durably for <paramref name="caller"/>, together and in order (one lock, one fsync), and returns them
    /// as stored; a chat exchange is stored this way so another writer cannot come between question and answer. The
    /// first turn of a conversation records the caller as its owner.
    /// </summary>
    /// <exception cref="ConversationTooLargeException">The turns would pass the size cap; nothing was written.</exception>
    /// <exception cref="ForeignConversationException">The conversation belongs to another identity; nothing was written.</exception>
    /// <exception cref="ConversationLockedException">The conversation stayed locked by another writer.</exception>
    public async Task<IReadOnlyList<StoredTurn>> AppendAsync(string id, Caller caller, IReadOnlyList<NewTurn> turns, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(id);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(turns);
        using var held = await _locks.AcquireAsync(id, cancellationToken);
        var path = PathOf(id);
        var existed = File.Exists(path);
        using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var known = ReadNew(id, file, decode: false);

        // Checked under the lock, so two callers creating one id at once cannot both write to it.
        if (known.Count > 0 && !caller.IsAdmin && !caller.MayAccess(OwnerOf(id, file)))
        {
            throw ForeignConversationException.For(id);
        }

        var now = _time.GetUtcNow();
        var stored = new StoredTurn[turns.Count];
        var lastRecord = known.LastRecord;
        using var records = new MemoryStream();
        for (var i = 0; i < turns.Count; i++)
        {
            stored[i] = new StoredTurn(known.Count + i, turns[i].Role, turns[i].Content, now)
            {
                Owner = known.Count + i == 0 ? caller.Name : null,
                Reply = turns[i].Reply,
            };
            var json = JsonSerializer.SerializeToUtf8Bytes(stored[i], ConversationJsonContext.Utf8.StoredTurn);
            lastRecord = ConversationLog.Frame(_cipher is null ? json : _cipher.Seal(json, id));
            records.Write(lastRecord);
        }

        var limit = _config.MaxConversationBytes ?? ConversationConfig.DefaultMaxConversationBytes;
        if (known.Length + records.Length > limit)
        {
            if (!existed)
            {
                // Opening created the file; a refused first turn must not leave an empty conversation behind.
                File.Delete(path);
                _known.Remove(id);
            }

            throw new ConversationTooLargeException(
                $"conversation '{id}' holds {known.Length} bytes; this turn needs {records.Length} more, past the limit of {limit} bytes "
                + "(conversations.maxConversationBytes): delete the conversation or continue in a new one");
        }

        file.Position = known.Length;
        file.Write(records.GetBuffer().AsSpan(0, (int)records.Length));
        ConversationFsync.FlushFile(file);
        _known.Set(id, new KnownLog(known.Length + records.Length, known.Count + stored.Length, lastRecord, known.Turns is null ? null : [.. known.Turns, .. stored]));

        // A file created (or left empty by a crash) is only durable once its folder entry is.
        if (!existed || known.Length == 0)
        {
            ConversationFsync.FlushDirectory(Directory);
            RuntimeMetrics.ConversationsActive.Inc();
        }

        RuntimeMetrics.ConversationTurnsStored.Inc(turns.Count);
        RuntimeMetrics.ConversationStoreBytes.Inc(records.Length);
        return stored;
    }

    /// <summary>
    /// Every whole turn of the conversation, or null when it does not exist (for a caller other than an admin, also when
    /// it holds no whole turn yet: its first write never finished, so it has no owner).
    /// </summary>
    /// <exception cref="ConversationCorruptException">A whole record does not open with the configured key.</exception>
    /// <exception cref="ForeignConversationException">The conversation belongs to another identity.</exception>
    public async Task<IReadOnlyList<StoredTurn>?> ReadAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(id);
        ArgumentNullException.ThrowIfNull(caller);
        using var held = await _locks.AcquireAsync(id, cancellationToken);
        var path = PathOf(id);
        if (!File.Exists(path))
        {
            _known.Remove(id);
            return null;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        var turns = ReadNew(id, file, decode: true).Turns!;
        if (!caller.MayAccess(OwnerOf(turns)))
        {
            return turns.Count == 0 ? null : throw ForeignConversationException.For(id);
        }

        return turns;
    }

    /// <summary>The conversation's owner: the first turn's, <c>anonymous</c> for files from before owners were recorded, null without turns.</summary>
    public static string? OwnerOf(IReadOnlyList<StoredTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        return turns.Count == 0 ? null : turns[0].Owner ?? Caller.AnonymousName;
    }

    /// <summary>Removes the conversation; false when it does not exist or <paramref name="caller"/> may not see it.</summary>
    public async Task<bool> DeleteAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(id);
        ArgumentNullException.ThrowIfNull(caller);
        using var held = await _locks.AcquireAsync(id, cancellationToken);
        if (!caller.IsAdmin)
        {
            using var file = OpenToRead(id);
            if (file is null || !caller.MayAccess(OwnerOf(id, file)))
            {
                return false;
            }
        }

        return DeleteLocked(id);
    }

    /// <summary>One page of the conversations <paramref name="caller"/> may see, in ordinal id order, starting after <paramref name="after"/>.</summary>
    public ConversationList List(Caller caller, int limit, string? after)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var page = new List<ConversationSummary>();
        var more = false;
        foreach (var id in ListIds().Where(id => after is null || string.CompareOrdinal(id, after) > 0).Order(StringComparer.Ordinal))
        {
            // Read without the lock: a first record never changes once whole, and one still being written reads as none.
            if (Summarize(id) is not { } summary || !caller.MayAccess(summary.Owner))
            {
                continue;
            }

            if (page.Count == limit)
            {
                more = true;
                break;
            }

            page.Add(summary);
        }

        return new ConversationList(page, more, page.FirstOrDefault()?.Id, page.LastOrDefault()?.Id);
    }

    /// <summary>
    /// Waits until no other request with an idempotency key is being answered in the conversation, in this process or
    /// another on the folder; dispose the result to let the next one in.
    /// </summary>
    /// <exception cref="ConversationLockedException">Another request held it past the limit.</exception>
    public Task<IDisposable> LockTurnAsync(string id, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(id);
        return _turnLocks.AcquireAsync(id, cancellationToken);
    }

    /// <summary>Removes conversations untouched for longer than the retention; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (_config.RetentionDays <= 0)
        {
            return 0;
        }

        var cutoff = _time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(_config.RetentionDays);
        var removed = 0;
        foreach (var id in ListIds())
        {
            if (File.GetLastWriteTimeUtc(PathOf(id)) >= cutoff)
            {
                continue;
            }

            using var held = await _locks.AcquireAsync(id, cancellationToken);

            // Checked again under the lock: a turn may have landed since the first look.
            var path = PathOf(id);
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) < cutoff && DeleteLocked(id))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            LogSwept(removed, _config.RetentionDays);
            RefreshGauges();
        }

        return removed;
    }

    /// <summary>Recounts the folder for the gauges, so other processes' writes and removals show too.</summary>
    public void RefreshGauges()
    {
        long count = 0;
        long bytes = 0;
        foreach (var info in new DirectoryInfo(Directory).EnumerateFiles("*" + Extension))
        {
            count++;
            bytes += info.Length;
        }

        RuntimeMetrics.ConversationsActive.Set(count);
        RuntimeMetrics.ConversationStoreBytes.Set(bytes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _locks.Dispose();
        _turnLocks.Dispose();
    }

    private static void CheckKey(string directory, RecordCipher? cipher, string? keyFile)
    {
        var checkPath = Path.Combine(directory, KeyCheckFile);
        if (cipher is null)
        {
            if (File.Exists(checkPath))
            {
                throw new ConversationStoreException(
                    $"conversations in '{directory}' are encrypted ({KeyCheckFile} is present) but conversations.encryptionKeyFile is not set; nothing was changed");
            }

            return;
        }

        if (!File.Exists(checkPath))
        {
            if (System.IO.Directory.EnumerateFiles(directory, "*" + Extension).Any())
            {
                throw new ConversationStoreException(
                    $"conversations.encryptionKeyFile is set but '{directory}' holds conversations stored without encryption; "
                    + "move them away or run without a key; nothing was changed");
            }

            WriteKeyCheck(directory, checkPath, cipher);
        }

        try
        {
            cipher.Open(File.ReadAllBytes(checkPath), KeyCheckFile);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ConversationStoreException(
                $"conversations.encryptionKeyFile '{keyFile}' is not the key the conversations in '{directory}' were encrypted with "
                + $"(checked against {KeyCheckFile}); nothing was changed: mount the previous key", e);
        }
    }

    private static void WriteKeyCheck(string directory, string checkPath, RecordCipher cipher)
    {
        var temporary = checkPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            file.Write(cipher.Seal(KeyCheckPlaintext, KeyCheckFile));
            ConversationFsync.FlushFile(file);
        }

        try
        {
            // No overwrite: when two replicas start on an empty folder with different keys, the first one wins and the other fails the check.
            File.Move(temporary, checkPath, overwrite: false);
        }
        catch (IOException) when (File.Exists(checkPath))
        {
            File.Delete(temporary);
        }

        ConversationFsync.FlushDirectory(directory);
    }

    private static void ThrowIfInvalid(string id)
    {
        if (!ConversationIds.IsValid(id))
        {
            throw new ArgumentException(ConversationIds.Rule, nameof(id));
        }
    }

    private StoredTurn Decode(string id, ReadOnlyMemory<byte> payload, int index)
    {
        byte[] json;
        try
        {
            json = _cipher is null ? payload.ToArray() : _cipher.Open(payload.Span, id);
        }
        catch (AuthenticationTagMismatchException e)
        {
            LogUnreadable(id, index);
            throw new ConversationCorruptException($"conversation '{id}' record {index} does not open with the configured key", e);
        }

        try
        {
            return JsonSerializer.Deserialize(json, ConversationJsonContext.Utf8.StoredTurn)
                ?? throw new ConversationCorruptException($"conversation '{id}' record {index} is empty");
        }
        catch (JsonException e)
        {
            LogUnreadable(id, index);
            throw new ConversationCorruptException($"conversation '{id}' record {index} is not a stored turn", e);
        }
    }

    /// <summary>
    /// Brings what this process knows of the conversation up to date, under its lock: reads on from where the last
    /// access ended when the file still begins with what was read then (else from the start), drops a torn tail,
    /// and decodes the turns when <paramref name="decode"/> asks or they were kept before.
    /// </summary>
    private KnownLog ReadNew(string id, FileStream file, bool decode)
    {
        var known = _known.Get(id);
        if (known is null || (decode && known.Turns is null) || !known.IsPrefixOf(file))
        {
            known = KnownLog.Nothing(decode);
        }

        var scan = ConversationLog.Scan(file, known.Turns is null ? null : (payload, index) => Decode(id, payload, index), known.Length, known.Count);
        TruncateTornTail(id, file, scan.ValidLength);
        var updated = new KnownLog(scan.ValidLength, scan.Count, scan.LastRecord ?? known.LastRecord, known.Turns is null ? null : [.. known.Turns, .. scan.Turns!]);
        _known.Set(id, updated);
        return updated;
    }

    private void TruncateTornTail(string id, FileStream file, long validLength)
    {
        if (file.Length == validLength)
        {
            return;
        }

        LogTornTail(id, file.Length - validLength, validLength);
        RuntimeMetrics.ConversationStoreBytes.Dec(file.Length - validLength);
        file.SetLength(validLength);
        ConversationFsync.FlushFile(file);
    }

    private bool DeleteLocked(string id)
    {
        var info = new FileInfo(PathOf(id));
        if (!info.Exists)
        {
            return false;
        }

        var length = info.Length;
        info.Delete();
        _known.Remove(id);
        ConversationFsync.FlushDirectory(Directory);
        RuntimeMetrics.ConversationsActive.Dec();
        RuntimeMetrics.ConversationStoreBytes.Dec(length);
        return true;
    }

    private ConversationSummary? Summarize(string id)
    {
        using var file = OpenToRead(id);
        if (file is null)
        {
            return null;
        }

        string? owner;
        try
        {
            owner = OwnerOf(id, file);
        }
        catch (ConversationCorruptException)
        {
            // Logged by Decode; listed for admins only, like a conversation without turns.
            owner = null;
        }

        return new ConversationSummary(id, owner, file.Length, new DateTimeOffset(File.GetLastWriteTimeUtc(file.SafeFileHandle), TimeSpan.Zero));
    }

    // The owner recorded in the file's first record (anonymous for files from before owners were), or null when it holds no whole record.
    private string? OwnerOf(string id, FileStream file) =>
        ConversationLog.ReadFirst(file) is { } first ? Decode(id, first, 0).Owner ?? Caller.AnonymousName : null;

    private FileStream? OpenToRead(string id)
    {
        try
        {
            return new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private IEnumerable<string> ListIds() =>
        System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Select(path => Path.GetFileName(path)[..^Extension.Length])
            .Where(ConversationIds.IsValid);

    private string PathOf(string id) => Path.Combine(Directory, id + Extension);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Id}: dropped a torn tail of {Bytes} bytes after {ValidLength} bytes of whole records")]
    private partial void LogTornTail(string id, long bytes, long validLength);

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {Id}: record {Index} has a valid checksum but cannot be opened; it is neither served nor removed")]
    private partial void LogUnreadable(string id, int index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} conversations untouched for more than {Days} days")]
    private partial void LogSwept(int count, int days);
}
