using System.Security.Cryptography;

namespace NasAssistant.Hosting.Files;

/// <summary>
/// Calls back when the contents of mounted files change. Kubernetes updates a Secret volume by
/// swapping the <c>..data</c> symlink in the files' folder, so the folder is watched (not the
/// files), and a periodic content check covers file systems that raise no events.
/// </summary>
public sealed class MountedFileWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);
    private readonly string[] _files;
    private readonly TimeSpan _pollInterval;
    private readonly Action _changed;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _timer;
    private readonly object _gate = new();
    private string _fingerprint;
    private bool _disposed;

    /// <summary>Starts watching; <paramref name="changed"/> runs on a pool thread, never concurrently with itself.</summary>
    public MountedFileWatcher(IEnumerable<string> files, TimeSpan pollInterval, Action changed)
    {
        _files = files.Select(Path.GetFullPath).ToArray();
        _pollInterval = pollInterval;
        _changed = changed;
        _fingerprint = Fingerprint();
        _timer = new Timer(_ => Check(), null, pollInterval, pollInterval);
        foreach (var directory in _files.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal))
        {
            if (directory is null || !Directory.Exists(directory))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                    | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => Soon();
            watcher.Created += (_, _) => Soon();
            watcher.Deleted += (_, _) => Soon();
            watcher.Renamed += (_, _) => Soon();
            try
            {
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (IOException)
            {
                // Out of inotify instances: the periodic check still picks up the change.
                watcher.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _timer.Dispose();
    }

    private void Soon()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                // Writers touch several files in a row; wait for them to settle before reading.
                _timer.Change(Debounce, _pollInterval);
            }
        }
    }

    private void Check()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var current = Fingerprint();
            if (current == _fingerprint)
            {
                return;
            }

            _fingerprint = current;
            _changed();
        }
    }

    private string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in _files)
        {
            try
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                hash.AppendData("missing"u8);
            }

            hash.AppendData([0]);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
