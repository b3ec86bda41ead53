using System.Security.Cryptography;
using System.Text;
using NasAssistant.Hosting.Files;

namespace NasAssistant.Runtime.Security;

/// <summary>
/// Accepted API keys from a key file (see <see cref="ApiKeyFile"/> for its lines) and from the channel gateway's key file,
/// each reloaded when it changes. Keys are kept as SHA-256 digests and compared in constant time, so neither the keys'
/// contents nor their lengths leak through timing.
/// </summary>
internal sealed partial class ApiKeyStore : IDisposable
{
    /// <summary>The identity of the gateway's key when it acts for no channel user.</summary>
    public const string GatewayName = "channel-gateway";

    private readonly string? _file;
    private readonly string? _gatewayFile;
    private readonly string _fileNames;
    private readonly ILogger<ApiKeyStore> _logger;
    private readonly MountedFileWatcher _watcher;
    private volatile List<ApiKey> _keys = [];

    /// <summary>Loads the files now and watches them; at least one is given.</summary>
    /// <exception cref="InvalidDataException">The key file holds a malformed line; the message names the file and the line, never a key.</exception>
    public ApiKeyStore(string? file, string? gatewayFile, TimeSpan pollInterval, ILogger<ApiKeyStore> logger)
    {
        if (file is null && gatewayFile is null)
        {
            throw new ArgumentException("a key file or a gateway key file is needed", nameof(file));
        }

        _file = file;
        _gatewayFile = gatewayFile;
        _fileNames = string.Join(" and ", Files);
        _logger = logger;
        try
        {
            Load(throwIfMalformed: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"server.apiKeysFile '{file}' {e.Message}", e);
        }

        _watcher = new MountedFileWatcher([.. Files], pollInterval, () => Load(throwIfMalformed: false));
    }

    /// <summary>
    /// True when every request must present a key. With only the gateway's key file, requests without that key are
    /// anonymous, as with no keys at all.
    /// </summary>
    public bool RequiresKey => _file is not null;

    /// <summary>Number of keys accepted now.</summary>
    public int Count => _keys.Count;

    private IEnumerable<string> Files => new[] { _file, _gatewayFile }.OfType<string>();

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
        var keys = new List<ApiKey>();
        if (_file is not null)
        {
            try
            {
                keys.AddRange(ApiKeyFile.Parse(File.ReadAllLines(_file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Fail closed: a configured but unreadable key file must not open the API.
                _keys = [];
                LogUnreadable(_file, e.Message, "every API request will be refused with 401");
                return;
            }
            catch (InvalidDataException e) when (!throwIfMalformed)
            {
                // Fail closed here too: keeping the previous keys could keep a key alive that the edit meant to revoke.
                _keys = [];
                LogMalformed(_file, e.Message);
                return;
            }
        }

        if (_gatewayFile is not null)
        {
            try
            {
                if (File.ReadAllText(_gatewayFile).Trim() is { Length: > 0 } gatewayKey)
                {
                    keys.Add(new ApiKey(GatewayName, ApiKeyRole.Gateway, SHA256.HashData(Encoding.UTF8.GetBytes(gatewayKey))));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogUnreadable(_gatewayFile, e.Message, "the gateway's requests will be refused");
            }
        }

        _keys = keys;
        if (keys.Count == 0)
        {
            LogEmpty(_fileNames, RequiresKey ? "every API request will be refused with 401" : "only anonymous requests are served");
            return;
        }

        var admins = keys.Count(k => k.Role == ApiKeyRole.Admin);
        var gateways = keys.Count(k => k.Role == ApiKeyRole.Gateway);
        LogLoaded(keys.Count, admins, gateways, _fileNames);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} API keys ({Admins} admin, {Gateways} gateway) from {File}")]
    private partial void LogLoaded(int count, int admins, int gateways, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key files {File} hold no keys: {Consequence}")]
    private partial void LogEmpty(string file, string consequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "API key file {File} cannot be read ({Reason}): {Consequence}")]
    private partial void LogUnreadable(string file, string reason, string consequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "API key file {File} {Problem}: every API request will be refused with 401 until it is fixed")]
    private partial void LogMalformed(string file, string problem);
}
