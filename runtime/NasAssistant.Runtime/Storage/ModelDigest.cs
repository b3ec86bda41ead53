using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NasAssistant.Runtime.Storage;

/// <summary>SHA-256 of model files and model folders, as lowercase hex.</summary>
internal static class ModelDigest
{
    /// <summary>Digest of a file, streamed so large models need no extra memory.</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Digest of a model folder (a generative model is several files): the SHA-256 of the
    /// <c>sha256sum</c> listing of every file under it, sorted by path, hidden files left out. The
    /// same value comes from
    /// <c>cd FOLDER &amp;&amp; find . -type f ! -path '*/.*' -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum</c>.
    /// </summary>
    public static async Task<string> ComputeFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal);
        var listing = new StringBuilder();
        foreach (var file in files)
        {
            var digest = await ComputeAsync(Path.Combine(folder, file), cancellationToken);
            listing.Append(CultureInfo.InvariantCulture, $"{digest}  {file}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
    }
}
