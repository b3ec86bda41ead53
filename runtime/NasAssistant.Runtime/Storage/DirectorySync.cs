using System.Diagnostics;
using NasAssistant.Hosting.Files;
using NasAssistant.Runtime.Metrics;

namespace NasAssistant.Runtime.Storage;

/// <summary>fsync of conversation files and of their folder, each timed as a conversation fsync.</summary>
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
        FolderSync.Flush(directory);
        RuntimeMetrics.ConversationFsyncDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
