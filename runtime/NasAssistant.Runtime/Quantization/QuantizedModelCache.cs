using NasAssistant.Hosting.Files;
using NasAssistant.Runtime.Storage;

namespace NasAssistant.Runtime.Quantization;

/// <summary>
/// Quantized models on a volume that replicas share, keyed by the source model's SHA-256 and the weight encoding this
/// CPU needs (<see cref="Int8Kernels"/>): <c>&lt;sha256&gt;.int8.v3.onnx</c> with signed weights or
/// <c>&lt;sha256&gt;.uint8.v3.onnx</c> with unsigned ones, its own digest in <c>&lt;entry&gt;.sha256</c> (<c>sha256sum</c>
/// format) and a <c>.lock</c> file. Replicas on CPUs of both kinds each read the entry of their kind; both hold the same
/// 8-bit values and give the same embeddings. The <c>v3</c> names the quantizer's output format (per-row activations,
/// int8 lookup tables, the nodes kept in FP32), so an entry an older runtime left on the volume is not taken for one this
/// runtime would write. The first caller quantizes under an exclusive lock; the others wait and get a hit.
/// </summary>
internal sealed partial class QuantizedModelCache
{
    /// <summary>Bumped whenever the quantizer writes a different model for the same source and settings.</summary>
    private const string FormatVersion = "v3";
    private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);
    private readonly ILogger<QuantizedModelCache> _logger;
    private readonly QuantizationOptions? _options;
    private readonly TimeSpan _lockTimeout;

    /// <summary>Creates the cache; <paramref name="options"/> defaults to <see cref="QuantizationOptions.ForSource"/> of each source.</summary>
    public QuantizedModelCache(ILogger<QuantizedModelCache> logger, QuantizationOptions? options = null, TimeSpan? lockTimeout = null)
    {
        _logger = logger;
        _options = options;
        _lockTimeout = lockTimeout ?? DefaultLockTimeout;
    }

    /// <summary>Path of the cached quantized model for a source digest, with the weights this CPU needs unless told otherwise.</summary>
    public static string CachedPath(string cacheDirectory, string sourceSha256, WeightEncoding encoding = WeightEncoding.Auto)
    {
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        ArgumentNullException.ThrowIfNull(sourceSha256);
        var kind = Int8Kernels.Resolve(encoding) == WeightEncoding.Unsigned ? "uint8" : "int8";
        return Path.Combine(cacheDirectory, $"{sourceSha256.ToLowerInvariant()}.{kind}.{FormatVersion}.onnx");
    }

    /// <summary>Returns the cached quantization of <paramref name="sourcePath"/>, creating it when missing or damaged.</summary>
    /// <param name="sourcePath">The FP32 model; checked against <paramref name="sourceSha256"/> before it is quantized.</param>
    /// <param name="sourceSha256">SHA-256 of the source, 64 hex characters: the cache key.</param>
    /// <param name="cacheDirectory">The shared cache folder, created when missing.</param>
    /// <param name="cancellationToken">Stops waiting for the lock or hashing.</param>
    /// <exception cref="ArgumentException"><paramref name="sourceSha256"/> is not 64 hex characters.</exception>
    /// <exception cref="QuantizationException">The source is missing, has another digest or cannot be quantized, or the lock stayed held.</exception>
    /// <exception cref="IOException">The cache folder cannot be written.</exception>
    public async Task<QuantizedModel> GetOrCreateAsync(string sourcePath, string sourceSha256, string cacheDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(sourceSha256);
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        var key = sourceSha256.ToLowerInvariant();
        if (key.Length != 64 || !key.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{sourceSha256}' is not a SHA-256 (64 hex characters)", nameof(sourceSha256));
        }

        Directory.CreateDirectory(cacheDirectory);
        var options = _options ?? QuantizationOptions.ForSource(key);
        var path = CachedPath(cacheDirectory, key, options.WeightEncoding);
        var recordPath = path + ".sha256";
        using var held = await AcquireAsync(path + ".lock", cancellationToken);

        var recreated = false;
        if (File.Exists(path))
        {
            var recorded = ReadRecord(recordPath);
            var actual = await ModelDigest.ComputeAsync(path, cancellationToken);
            if (recorded == actual)
            {
                LogHit(path, actual);
                return new QuantizedModel(path, actual, CacheHit: true, Recreated: false, Report: null);
            }

            // A crash between the model's rename and its record's, a truncated copy, or a flipped bit.
            LogDamaged(path, actual, recorded ?? "nothing");
            recreated = true;
        }

        if (!File.Exists(sourcePath))
        {
            throw new QuantizationException($"{sourcePath} does not exist");
        }

        var sourceActual = await ModelDigest.ComputeAsync(sourcePath, cancellationToken);
        if (sourceActual != key)
        {
            throw new QuantizationException(
                $"{sourcePath} has SHA-256 {sourceActual}, expected {key}; the cache was left unchanged");
        }

        var report = OnnxQuantizer.QuantizeFile(sourcePath, path, options, overwrite: true);
        var sha256 = report.OutputSha256!;
        AtomicFile.Write(
            recordPath,
            stream =>
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                writer.Write($"{sha256}  {Path.GetFileName(path)}\n");
            },
            overwrite: true);
        LogQuantized(sourcePath, path, report.NodesQuantized, report.BytesAfter, sha256);
        return new QuantizedModel(path, sha256, CacheHit: false, recreated, report);
    }

    private static string? ReadRecord(string recordPath)
    {
        try
        {
            var text = File.ReadAllText(recordPath);
            var digest = text.Length >= 64 ? text[..64] : "";
            return digest.All(char.IsAsciiHexDigit) && digest.Length == 64 ? digest.ToLowerInvariant() : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private async Task<FileStream> AcquireAsync(string lockPath, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _lockTimeout;
        var delay = 10;
        var logged = false;
        while (true)
        {
            try
            {
                // FileShare.None takes flock(LOCK_EX) on Unix: held by the open file, released when it closes or the
                // process dies, so a crashed quantizer never leaves a stale lock. The file itself is never deleted:
                // a waiter could otherwise lock an unlinked file while a newcomer locks a fresh one.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (File.Exists(lockPath) && DateTime.UtcNow < deadline)
            {
                if (!logged)
                {
                    LogWaiting(lockPath);
                    logged = true;
                }

                await Task.Delay(delay, cancellationToken);
                delay = Math.Min(delay * 2, 250);
            }
            catch (IOException e) when (File.Exists(lockPath))
            {
                throw new QuantizationException(
                    $"{lockPath} stayed locked by another quantization for {_lockTimeout.TotalSeconds:0} s", e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quantized model {Path} found in the cache with SHA-256 {Sha256}")]
    private partial void LogHit(string path, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cached quantized model {Path} has SHA-256 {Actual} but its record says {Recorded}; quantizing it again")]
    private partial void LogDamaged(string path, string actual, string recorded);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for {LockPath}: another process is quantizing the same model")]
    private partial void LogWaiting(string lockPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quantized {Source} into {Path} ({Nodes} nodes, {Bytes} bytes, SHA-256 {Sha256})")]
    private partial void LogQuantized(string source, string path, int nodes, long bytes, string sha256);
}
