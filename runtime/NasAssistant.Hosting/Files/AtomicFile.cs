using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace NasAssistant.Hosting.Files;

/// <summary>
/// Writes a file the way a reader may never see half of it: into a temporary file beside the target,
/// flushed to the device, renamed over the target, then the folder entry flushed too.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/> and returns its size and SHA-256.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <param name="overwrite">False refuses to replace a file that exists when the rename happens.</param>
    /// <exception cref="IOException">The file cannot be written, or exists and <paramref name="overwrite"/> is false.</exception>
    public static (long Length, string Sha256) Write(string path, Action<Stream> write, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            // Hashing what is on disk, not what was handed to the stream, is what a later check compares against.
            long length;
            string sha256;
            using (var file = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                length = file.Length;
                sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
            }

            File.Move(temporary, target, overwrite);
            FolderSync.Flush(directory);
            return (length, sha256);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The path with every symbolic link resolved, so two names of one file compare equal.</summary>
    /// <remarks>A path that does not exist yet keeps its file name under its folder's resolved path.</remarks>
    public static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            return full;
        }

        if (File.Exists(full) || Directory.Exists(full))
        {
            return RealPath(full) ?? full;
        }

        var directory = Path.GetDirectoryName(full);
        return directory is not null && Directory.Exists(directory)
            ? Path.Combine(RealPath(directory) ?? directory, Path.GetFileName(full))
            : full;
    }

    private static string? RealPath(string path)
    {
        var resolved = ResolvePath(Encoding.UTF8.GetBytes(path + "\0"), IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr ResolvePath(byte[] path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void Free(IntPtr pointer);
}
