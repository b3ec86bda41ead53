using System.Security.Cryptography;
using System.Text;
using NasAssistant.Hosting.Files;
using NasAssistant.Runtime.Hosting;

namespace NasAssistant.Runtime.Security;

/// <summary>
/// Accepted API keys from a file (see <see cref="ApiKeyFile"/> for its lines), reloaded when it changes. Keys are kept as
/// SHA-256 digests and compared in constant time, so neither the keys' contents nor their lengths leak through timing.
/// </summary>
internal sealed partial class ApiKeyStore : IDisposable
{
    private readonly string _file;
    private readonly ILogger<ApiKeyStore> _logger;
    private readonly MountedFileWatcher _watcher;
    private volatile IReadOnlyList<ApiKey> _keys = [];

    /// <summary>Loads the file now and watches it.</summary>
    /// <exception cref="RuntimeStartupException">The file holds a malformed line.</exception>
    public ApiKeyStore(string file, TimeSpan pollInterval, ILogger<ApiKeyStore> logger)
    {
        _file = file;
        _logger = logger;
        try
        {
            Load(throwIfMalformed: true);
        }
        catch (InvalidDataException e)
        {
            throw new RuntimeStartupException($"server.apiKeysFile '{file}' {e.Message}", e);
        }

        _watcher = new MountedFileWatcher([file], pollInterval, () => Load(throwIfMalformed: false));
    }

    /// <summary>Number of keys accepted now.</summary>
    public int Count => _keys.Count;

    /// <summary>The key <paramref name="presented"/> is, or null when it is none of them.</summary>
    public ApiKey? Authenticate(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        SHA256.HashData(bytes, digest);
        ApiKey? match = null;

        // Every key is compared, with no early exit, so the time taken does not say which key matched.
        foreach (var known in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, known.Digest))
            {
                match = known;
            }
        }

        return match;
    }

    /// <inheritdoc />
    public void Dispose() => _watcher.Dispose();

    private void Load(bool throwIfMalformed)
    {
        try
        {
            var keys = ApiKeyFile.Parse(File.ReadAllLines(_file));
            _keys = keys;
            if (keys.Count == 0)
            {
                LogEmpty(_file);
                return;
            }

            var admins = keys.Count(k => k.Role == ApiKeyRole.Admin);
            var gateways = keys.Count(k => k.Role == ApiKeyRole.Gateway);
            LogLoaded(keys.Count, admins, gateways, _file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Fail closed: a configured but unreadable key file must not open the API.
            _keys = [];
            LogUnreadable(_file, e.Message);
        }
        catch (InvalidDataException e) when (!throwIfMalformed)
        {
            // Fail closed here too: keeping the previous keys could keep a key alive that the edit meant to revoke.
            _keys = [];
            LogMalformed(_file, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} API keys ({Admins} admin, {Gateways} gateway) from {File}")]
    private partial void LogLoaded(int count, int admins, int gateways, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key file {File} holds no keys: every API request will be refused with 401")]
    private partial void LogEmpty(string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "API key file {File} cannot be read ({Reason}): every API request will be refused with 401")]
    private partial void LogUnreadable(string file, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "API key file {File} {Problem}: every API request will be refused with 401 until it is fixed")]
    private partial void LogMalformed(string file, string problem);
}
