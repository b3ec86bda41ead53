using NasAssistant.Hosting.Files;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using NasAssistant.Runtime.Batching;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Metrics;
using NasAssistant.Runtime.Models;

namespace NasAssistant.Runtime.Knowledge;

/// <summary>
/// The documents of the knowledge folder and its subfolders (named by their path in it, <c>manuals/heat-pump.md</c>), chunked, embedded with the served model (through its batcher,
/// so indexing shares the queue with API clients) and searched by cosine similarity. The index is
/// persisted under <c>.index/</c>; on startup, on file-watcher events and on a periodic rescan only new,
/// changed and deleted files are re-embedded.
/// </summary>
internal sealed partial class KnowledgeBase : IHostedService, IDisposable
{
    /// <summary>Folder under the knowledge folder that holds the index.</summary>
    public const string IndexFolderName = ".index";

    // Chunks per batcher submission: large documents go in pieces so clients' requests interleave.
    private const int EmbedSliceSize = 32;

    // Documents in subfolders too; a folder that cannot be read is passed over, not fatal.
    private static readonly EnumerationOptions SubfolderEnumeration = new() { RecurseSubdirectories = true, IgnoreInaccessible = true };

    private readonly KnowledgeConfig _config;
    private readonly ModelHost _host;
    private readonly ILogger<KnowledgeBase> _logger;
    private readonly string _indexPath;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _initialSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, IndexedDocument> _documents = new(StringComparer.Ordinal);
    private string? _indexModelSha256;
    private volatile IndexedChunk[] _chunks = [];
    private volatile IndexedDocument[] _published = [];
    private FileSystemWatcher? _watcher;
    private Task _running = Task.CompletedTask;
    private long _embeddedChunks;
    private int _disposed;

    /// <summary>Creates the folder if needed and loads the persisted index, so search works before the first rescan.</summary>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be created.</exception>
    public KnowledgeBase(KnowledgeConfig config, ModelHost host, ILogger<KnowledgeBase> logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _host = host;
        _logger = logger;
        Directory = Path.GetFullPath(config.Directory ?? throw new ArgumentException("knowledge.directory is not set", nameof(config)));
        System.IO.Directory.CreateDirectory(Directory);
        _indexPath = Path.Combine(Directory, IndexFolderName, "index.bin");
        LoadIndex();
    }

    /// <summary>The knowledge folder.</summary>
    public string Directory { get; }

    /// <summary>Chunks in the index now.</summary>
    public int ChunkCount => _chunks.Length;

    /// <summary>Chunks this process has sent to the model for indexing (queries not counted).</summary>
    public long EmbeddedChunks => Interlocked.Read(ref _embeddedChunks);

    /// <summary>Completes once the first scan after the model loaded has finished (or could not run).</summary>
    public Task InitialSync => _initialSync.Task;

    /// <summary>The documents indexed now, in name order.</summary>
    public IReadOnlyList<IndexedDocument> Documents => _published;

    /// <summary>Chunks of one document as indexed now; empty when it is not indexed.</summary>
    public IReadOnlyList<IndexedChunk> ChunksOf(string source) =>
        _chunks.Where(c => string.Equals(c.Source, source, StringComparison.Ordinal)).ToArray();

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watcher = new FileSystemWatcher(Directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Created += OnFileEvent;
        _watcher.Changed += OnFileEvent;
        _watcher.Deleted += OnFileEvent;
        _watcher.Renamed += OnFileEvent;
        _watcher.Error += (_, _) => _changed.Release();
        _watcher.EnableRaisingEvents = true;
        _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The <paramref name="k"/> chunks most similar to <paramref name="query"/>, best first.</summary>
    /// <exception cref="KnowledgeUnavailableException">The embedding model is not ready.</exception>
    /// <exception cref="QueueFullException">The model's queue is full.</exception>
    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(string query, int k, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var started = Stopwatch.GetTimestamp();
        var model = RequireEmbeddingModel();
        var vector = (await model.EmbedAsync([model.Embedder!.Tokenizer.Encode(query)], cancellationToken))[0];
        var chunks = _chunks;
        var best = new List<(float Score, IndexedChunk Chunk)>(chunks.Length);
        foreach (var chunk in chunks)
        {
            if (chunk.Vector.Length == vector.Length)
            {
                best.Add((TensorPrimitives.CosineSimilarity(vector, chunk.Vector), chunk));
            }
        }

        var result = best
            .OrderByDescending(b => b.Score)
            .ThenBy(b => b.Chunk.Source, StringComparer.Ordinal)
            .ThenBy(b => b.Chunk.Index)
            .Take(k)
            .Select(b => new RetrievedPassage(b.Chunk.Source, b.Chunk.Index, b.Score, b.Chunk.Text))
            .ToArray();
        RuntimeMetrics.RetrievalDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result;
    }

    /// <summary>Stores a document in the folder (atomically) and indexes it before returning its chunk count.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks <see cref="DocumentNames.Rule"/>.</exception>
    /// <exception cref="KnowledgeUnavailableException">The embedding model is not ready.</exception>
    public async Task<int> AddDocumentAsync(string name, string content, CancellationToken cancellationToken)
    {
        if (!DocumentNames.IsValid(name))
        {
            throw new ArgumentException(DocumentNames.Rule, nameof(name));
        }

        ArgumentNullException.ThrowIfNull(content);
        RequireEmbeddingModel();
        // Written beside it and renamed into place, so the watcher and readers never see a half-written document.
        var bytes = Encoding.UTF8.GetBytes(content);
        AtomicFile.Write(Path.Combine(Directory, name), stream => stream.Write(bytes), overwrite: true);

        await SyncAsync(cancellationToken);
        return ChunksOf(name).Count;
    }

    /// <summary>Removes a document from the folder and the index; false when there was no such document.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks <see cref="DocumentNames.Rule"/>.</exception>
    /// <exception cref="KnowledgeUnavailableException">The embedding model is not ready (nothing is removed).</exception>
    public async Task<bool> DeleteDocumentAsync(string name, CancellationToken cancellationToken)
    {
        if (!DocumentNames.IsValid(name))
        {
            throw new ArgumentException(DocumentNames.Rule, nameof(name));
        }

        RequireEmbeddingModel();
        var path = Path.Combine(Directory, name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        await SyncAsync(cancellationToken);
        return true;
    }

    /// <summary>Brings the index in line with the folder: embeds new and changed files, drops deleted ones.</summary>
    /// <exception cref="KnowledgeUnavailableException">The embedding model is not ready.</exception>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken);
        try
        {
            var model = RequireEmbeddingModel();
            var changed = false;
            if (!string.Equals(_indexModelSha256, model.Sha256, StringComparison.Ordinal))
            {
                // Vectors of another model (or an index made with other chunk settings) cannot be reused.
                changed = _documents.Count > 0 || _indexModelSha256 is not null;
                _documents.Clear();
                _indexModelSha256 = model.Sha256;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*", SubfolderEnumeration))
            {
                var name = Path.GetRelativePath(Directory, path).Replace(Path.DirectorySeparatorChar, '/');
                if (!DocumentNames.IsDocument(name))
                {
                    continue;
                }

                seen.Add(name);
                changed |= await RefreshAsync(model, path, name, cancellationToken);
            }

            foreach (var gone in _documents.Keys.Where(k => !seen.Contains(k)).ToArray())
            {
                _documents.Remove(gone);
                changed = true;
                LogRemoved(gone);
            }

            if (changed || !File.Exists(_indexPath))
            {
                KnowledgeIndexFile.Write(_indexPath, new KnowledgeIndexSnapshot(
                    model.Sha256, _config.ChunkCharacters, _config.ChunkOverlapCharacters, _documents.Values.ToArray()));
                Publish();
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The container disposes this once as a singleton and once as the hosted service.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _watcher?.Dispose();
        _stopping.Dispose();
        _sync.Dispose();
        _changed.Dispose();
    }

    private async Task<bool> RefreshAsync(ServedModel model, string path, string name, CancellationToken cancellationToken)
    {
        FileInfo info;
        byte[] bytes;
        try
        {
            info = new FileInfo(path);
            _documents.TryGetValue(name, out var known);
            if (known is not null && known.Length == info.Length && known.LastWriteTicks == info.LastWriteTimeUtc.Ticks)
            {
                return false;
            }

            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (known is not null && string.Equals(known.Sha256, sha256, StringComparison.Ordinal))
            {
                // Touched but not changed: remember the new time so the next scan skips hashing it.
                _documents[name] = known with { Length = info.Length, LastWriteTicks = info.LastWriteTimeUtc.Ticks };
                return true;
            }

            var texts = TextChunker.Split(Encoding.UTF8.GetString(bytes), _config.ChunkCharacters, _config.ChunkOverlapCharacters);
            var vectors = await EmbedAsync(model, texts, cancellationToken);
            var chunks = new IndexedChunk[texts.Count];
            for (var i = 0; i < chunks.Length; i++)
            {
                chunks[i] = new IndexedChunk(name, i, texts[i], vectors[i]);
            }

            _documents[name] = new IndexedDocument(name, info.Length, info.LastWriteTimeUtc.Ticks, sha256, chunks);
            LogIndexed(name, chunks.Length);
            return true;
        }
        catch (FileNotFoundException)
        {
            // Deleted between listing and reading: the removal pass drops it on the next scan.
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(e, name, e.Message);
            return false;
        }
    }

    private async Task<float[][]> EmbedAsync(ServedModel model, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += EmbedSliceSize)
        {
            var slice = texts.Skip(start).Take(EmbedSliceSize).Select(model.Embedder!.Tokenizer.Encode).ToArray();
            while (true)
            {
                try
                {
                    (await model.EmbedAsync(slice, cancellationToken)).CopyTo(vectors, start);
                    Interlocked.Add(ref _embeddedChunks, slice.Length);
                    break;
                }
                catch (QueueFullException e)
                {
                    // Indexing is background work: it waits for clients rather than failing.
                    await Task.Delay(e.RetryAfter!.Value, cancellationToken);
                }
            }
        }

        return vectors;
    }

    private ServedModel RequireEmbeddingModel()
    {
        var model = _host.Model;
        if (model is null)
        {
            throw new KnowledgeUnavailableException(_host.NotReadyMessage);
        }

        return model.Embedder is null
            ? throw new KnowledgeUnavailableException($"model '{_host.Name}' serves task {model.Task.ToString().ToLowerInvariant()}; the knowledge base needs an embedding model")
            : model;
    }

    private void LoadIndex()
    {
        try
        {
            var snapshot = KnowledgeIndexFile.Read(_indexPath);
            if (snapshot is null)
            {
                return;
            }

            if (snapshot.ChunkCharacters != _config.ChunkCharacters || snapshot.ChunkOverlapCharacters != _config.ChunkOverlapCharacters)
            {
                LogSettingsChanged(_indexPath);
                return;
            }

            foreach (var document in snapshot.Documents)
            {
                _documents[document.Source] = document;
            }

            _indexModelSha256 = snapshot.ModelSha256;
            Publish();
            LogLoaded(_indexPath, _documents.Count, _chunks.Length);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            LogIndexUnreadable(e, _indexPath, e.Message);
        }
    }

    private void Publish()
    {
        _published = _documents.Values.OrderBy(d => d.Source, StringComparer.Ordinal).ToArray();
        _chunks = _published.SelectMany(d => d.Chunks).ToArray();
        RuntimeMetrics.KnowledgeChunks.Set(_chunks.Length);
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        // A folder's own event (renamed or removed with its documents) may be the only one its documents get.
        static bool Matters(string? name) => name is not null && !DocumentNames.IsHidden(name)
            && (DocumentNames.IsDocument(name) || !Path.HasExtension(name));
        if (Matters(e.Name) || e is RenamedEventArgs { OldName: var old } && Matters(old))
        {
            try
            {
                _changed.Release();
            }
            catch (ObjectDisposedException)
            {
                // An event racing shutdown: nothing left to index.
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _host.Loaded.WaitAsync(cancellationToken);
            var interval = TimeSpan.FromSeconds(_config.RescanIntervalSeconds);
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await SyncAsync(cancellationToken);
                }
                catch (KnowledgeUnavailableException e)
                {
                    LogUnavailable(e.Message);
                    _initialSync.TrySetResult();
                    return;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or BatcherStoppedException)
                {
                    LogSyncFailed(e, Directory, e.Message);
                }

                _initialSync.TrySetResult();
                await _changed.WaitAsync(interval, cancellationToken);

                // Editors and copies raise bursts of events: let the burst settle, then scan once.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            _initialSync.TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge index {Path} loaded: {Documents} documents, {Chunks} chunks")]
    private partial void LogLoaded(string path, int documents, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge document {Source} indexed: {Chunks} chunks")]
    private partial void LogIndexed(string source, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge document {Source} removed from the index")]
    private partial void LogRemoved(string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Knowledge index {Path} was made with other chunk settings; re-embedding every document")]
    private partial void LogSettingsChanged(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Knowledge index {Path} is unreadable ({Reason}); re-embedding every document")]
    private partial void LogIndexUnreadable(Exception exception, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Knowledge document {Source} could not be read: {Reason}")]
    private partial void LogUnreadable(Exception exception, string source, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Knowledge folder {Directory} could not be indexed: {Reason}")]
    private partial void LogSyncFailed(Exception exception, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Knowledge base off: {Reason}")]
    private partial void LogUnavailable(string reason);
}
