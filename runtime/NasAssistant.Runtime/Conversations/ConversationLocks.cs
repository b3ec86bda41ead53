namespace NasAssistant.Runtime.Conversations;

/// <summary>
/// Per-conversation mutual exclusion inside this process and across processes sharing the folder.
/// Ids map onto a fixed set of lock files in one folder that are never deleted: deleting a lock
/// file while another process waits on it would let two holders lock two different files of one name.
/// </summary>
internal sealed class ConversationLocks : IDisposable
{
    private const int Stripes = 256;
    private readonly string _directory;
    private readonly TimeSpan _limit;
    private readonly SemaphoreSlim[] _local = new SemaphoreSlim[Stripes];

    /// <summary>Creates the lock set in <paramref name="directory"/>; waiting longer than <paramref name="limit"/> fails.</summary>
    public ConversationLocks(string directory, TimeSpan limit)
    {
        _directory = directory;
        _limit = limit;
        Directory.CreateDirectory(_directory);
        for (var i = 0; i < Stripes; i++)
        {
            _local[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Waits for the conversation's lock; dispose the result to release it.</summary>
    /// <exception cref="ConversationLockedException">Another holder kept it past the limit.</exception>
    public async Task<IDisposable> AcquireAsync(string id, CancellationToken cancellationToken)
    {
        var stripe = (int)(System.IO.Hashing.Crc32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(id)) % Stripes);
        var local = _local[stripe];

        // Waiters of this process queue here, so only one of them polls the file lock at a time.
        if (!await local.WaitAsync(_limit, cancellationToken))
        {
            throw new ConversationLockedException($"conversation '{id}' stayed locked for {_limit.TotalSeconds:0} s");
        }

        try
        {
            var path = Path.Combine(_directory, stripe.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + ".lock");
            var deadline = DateTime.UtcNow + _limit;
            var delay = 1;
            while (true)
            {
                try
                {
                    // FileShare.None takes flock(LOCK_EX) on Unix: held by the open file, released when it closes or the process dies.
                    var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new Holder(file, local);
                }
                catch (IOException) when (File.Exists(path) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(delay, cancellationToken);
                    delay = Math.Min(delay * 2, 20);
                }
                catch (IOException e) when (File.Exists(path))
                {
                    throw new ConversationLockedException($"conversation '{id}' stayed locked by another process for {_limit.TotalSeconds:0} s", e);
                }
            }
        }
        catch
        {
            local.Release();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var semaphore in _local)
        {
            semaphore.Dispose();
        }
    }

    private sealed class Holder(FileStream file, SemaphoreSlim local) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                file.Dispose();
                local.Release();
            }
        }
    }
}
