using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Files;

namespace NasAssistant.Gateway.Secrets;

/// <summary>
/// A secret (bot token, signing secret, API key) read from a mounted file, trimmed, and read again when
/// the file changes (Kubernetes swaps a Secret volume's files atomically). Its value is never logged:
/// <see cref="Redact"/> removes it, and the last one, from any text before it is shown.
/// </summary>
internal sealed partial class SecretFile : IDisposable
{
    private const string Mask = "[redacted]";
    private readonly ILogger _logger;
    private readonly MountedFileWatcher _watcher;
    private readonly object _gate = new();
    private string? _value;
    private string? _previous;
    private string? _problem;

    /// <summary>Reads the file now and watches it.</summary>
    public SecretFile(string path, TimeSpan pollInterval, ILogger logger)
    {
        Path = path;
        _logger = logger;
        Load();
        _watcher = new MountedFileWatcher([path], pollInterval, () =>
        {
            Load();
            Changed?.Invoke();
        });
    }

    /// <summary>Raised on a pool thread after the file changed and was read again.</summary>
    public event Action? Changed;

    /// <summary>The file's path (safe to show).</summary>
    public string Path { get; }

    /// <summary>The secret, or null when the file is missing, unreadable or empty (<see cref="Problem"/> says which).</summary>
    public string? Value
    {
        get
        {
            lock (_gate)
            {
                return _value;
            }
        }
    }

    /// <summary>Why there is no value, naming the file but never its content.</summary>
    public string? Problem
    {
        get
        {
            lock (_gate)
            {
                return _problem;
            }
        }
    }

    /// <summary>Replaces the current and the previous value of the secret in <paramref name="text"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            foreach (var secret in new[] { _value, _previous })
            {
                if (!string.IsNullOrEmpty(secret))
                {
                    text = text.Replace(secret, Mask, StringComparison.Ordinal);
                }
            }
        }

        return text;
    }

    /// <inheritdoc />
    public override string ToString() => $"secret file {Path}";

    /// <inheritdoc />
    public void Dispose() => _watcher.Dispose();

    private void Load()
    {
        string? value = null;
        string? problem = null;
        try
        {
            value = File.ReadAllText(Path).Trim();
            if (value.Length == 0)
            {
                value = null;
                problem = $"secret file {Path} is empty";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"secret file {Path} cannot be read: {e.GetType().Name}";
        }

        lock (_gate)
        {
            if (value != _value)
            {
                _previous = _value ?? _previous;
            }

            _value = value;
            _problem = problem;
        }

        if (problem is null)
        {
            LogLoaded(Path);
        }
        else
        {
            LogProblem(problem);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret loaded from {File}")]
    private partial void LogLoaded(string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private partial void LogProblem(string problem);
}
