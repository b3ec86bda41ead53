using System.Security.Cryptography;
using NasAssistant.Runtime.Storage;

namespace NasAssistant.Runtime.Models;

/// <summary>
/// Downloads a model once into the models volume: to a temporary file beside the target, verified,
/// then renamed into place, so a reader never sees a partial or wrong file.
/// </summary>
internal sealed partial class ModelFetcher(HttpClient http, ILogger<ModelFetcher> logger)
{
    /// <summary>Fetches <paramref name="url"/> to <paramref name="output"/> unless it is already there.</summary>
    /// <returns>True when a download happened, false when the existing file already matched.</returns>
    /// <exception cref="InvalidDataException">The downloaded bytes do not have the expected digest.</exception>
    public async Task<bool> FetchAsync(Uri url, string expectedSha256, string output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(expectedSha256);
        ArgumentNullException.ThrowIfNull(output);
        expectedSha256 = expectedSha256.ToLowerInvariant();
        if (File.Exists(output))
        {
            var existing = await ModelDigest.ComputeAsync(output, cancellationToken);
            if (existing == expectedSha256)
            {
                LogAlreadyPresent(output, expectedSha256);
                return false;
            }

            LogReplacing(output, expectedSha256, existing);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.part");
        try
        {
            string actual;
            long length;
            using (var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                length = file.Length;
                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (actual != expectedSha256)
            {
                throw new InvalidDataException(
                    $"{url} has SHA-256 {actual}, expected {expectedSha256}; {output} was left unchanged");
            }

            File.Move(temporary, output, overwrite: true);
            LogFetched(url, output, length, actual);
            return true;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Path} already present with SHA-256 {Sha256}; nothing to fetch")]
    private partial void LogAlreadyPresent(string path, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Path} has SHA-256 {Actual}, expected {Expected}; fetching it again")]
    private partial void LogReplacing(string path, string expected, string actual);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Url} to {Path} ({Bytes} bytes, SHA-256 {Sha256})")]
    private partial void LogFetched(Uri url, string path, long bytes, string sha256);
}
