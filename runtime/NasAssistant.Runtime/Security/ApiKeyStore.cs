using System.Security.Cryptography;
using System.Text;
using NasAssistant.Hosting.Files;

namespace NasAssistant.Runtime.Security;

/// <summary>
/// Accepted API keys from a file (one per line, blank lines and <c>#</c> comments ignored), reloaded
/// when it changes. Keys are kept as SHA-256 digests and compared in constant time, so neither the
/// keys' contents nor their lengths leak through timing.
/// </summary>
internal sealed partial class ApiKeyStore : IDisposable
{
    private readonly string _file;
    private readonly ILogger<ApiKeyStore> _logger;
    private readonly MountedFileWatcher _watcher;
    private volatile byte[][] _digests = [];

    /// <summary>Loads the file now and watches it.</summary>
    public ApiKeyStore(string file, TimeSpan pollInterval, ILogger<ApiKeyStore> logger)
    {
        _file = file;
        _logger = logger;
        Load();
        _watcher = new MountedFileWatcher([file], pollInterval, Load);
    }

    /// <summary>Number of keys accepted now.</summary>
    public int Count => _digests.Length;

    /// <summary>True when <paramref name="presented"/> is one of the keys.</summary>
    public bool IsValid(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        SHA256.HashData(bytes, digest);
        var match = false;

        // Every key is compared, with no early exit, so the time taken does not say which key matched.
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, known);
        }

        return match;
    }

    /// <inheritdoc />
    public void Dispose() => _watcher.Dispose();

    private void Load()
    {
        try
        {
            _digests = File.ReadAllLines(_file)
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => SHA256.HashData(Encoding.UTF8.GetBytes(l)))
                .ToArray();
            if (_digests.Length == 0)
            {
                LogEmpty(_file);
            }
            else
            {
                LogLoaded(_digests.Length, _file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Fail closed: a configured but unreadable key file must not open the API.
            _digests = [];
            LogUnreadable(_file, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} API keys from {File}")]
    private partial void LogLoaded(int count, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key file {File} holds no keys: every API request will be refused with 401")]
    private partial void LogEmpty(string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "API key file {File} cannot be read ({Reason}): every API request will be refused with 401")]
    private partial void LogUnreadable(string file, string reason);
}
