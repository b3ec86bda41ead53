using System.Diagnostics;
using NasAssistant.Hosting.Files;
using NasAssistant.Runtime.Metrics;

namespace NasAssistant.Runtime.Conversations;

/// <summary>The conversation store's flushes to the device, each timed as a conversation fsync.</summary>
internal static class ConversationFsync
{
    /// <summary>Flushes <paramref name="file"/>'s data and metadata to the device.</summary>
    public static void FlushFile(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var started = Stopwatch.GetTimestamp();
        file.Flush(flushToDisk: true);
        Observe(started);
    }

    /// <summary>Flushes the entry list of <paramref name="directory"/> to the device.</summary>
    /// <exception cref="IOException">The folder cannot be opened or flushed.</exception>
    public static void FlushDirectory(string directory)
    {
        var started = Stopwatch.GetTimestamp();
        FolderSync.Flush(directory);
        Observe(started);
    }

    private static void Observe(long started) =>
        RuntimeMetrics.ConversationFsyncDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
}
