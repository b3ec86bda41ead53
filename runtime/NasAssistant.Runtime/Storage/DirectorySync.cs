using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using NasAssistant.Runtime.Metrics;

namespace NasAssistant.Runtime.Storage;

/// <summary>
/// fsync of data files and of a folder. A new or removed file is durable only once its folder's entry is
/// flushed too, and .NET cannot open a folder as a file, so the folder goes through libc.
/// </summary>
internal static class DirectorySync
{
    /// <summary>Flushes <paramref name="file"/>'s data and metadata to the device, timing it.</summary>
    public static void FlushFile(FileStream file)
    {
        var started = Stopwatch.GetTimestamp();
        file.Flush(flushToDisk: true);
        RuntimeMetrics.ConversationFsyncDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Flushes the folder entry list of <paramref name="directory"/> to the device, timing it as a conversation fsync.</summary>
    /// <exception cref="IOException">The folder cannot be opened or flushed.</exception>
    public static void FlushDirectory(string directory)
    {
        var started = Stopwatch.GetTimestamp();
        FlushFolder(directory);
        RuntimeMetrics.ConversationFsyncDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Flushes the folder entry list of <paramref name="directory"/> to the device.</summary>
    /// <exception cref="IOException">The folder cannot be opened or flushed.</exception>
    public static void FlushFolder(string directory)
    {
        // NTFS journals its metadata with the file; there is no folder handle to flush there.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Encoding.UTF8.GetBytes(Path.GetFullPath(directory) + "\0");
        var fd = Open(path, 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open folder '{directory}' to flush it: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot flush folder '{directory}': errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
