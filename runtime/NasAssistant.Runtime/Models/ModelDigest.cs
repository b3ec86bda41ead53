using System.Security.Cryptography;

namespace NasAssistant.Runtime.Models;

/// <summary>SHA-256 of model files, as lowercase hex.</summary>
internal static class ModelDigest
{
    /// <summary>Digest of a file, streamed so large models need no extra memory.</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
