using System.Runtime.InteropServices;
using System.Text;

namespace NasAssistant.Hosting.Files;

/// <summary>
/// fsync of a folder. A new, renamed or removed file is durable only once its folder's entry list is
/// flushed too, and .NET cannot open a folder as a file, so the folder goes through libc.
/// </summary>
public static class FolderSync
{
    /// <summary>Flushes the folder entry list of <paramref name="directory"/> to the device.</summary>
    /// <exception cref="IOException">The folder cannot be opened or flushed.</exception>
    public static void Flush(string directory)
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
