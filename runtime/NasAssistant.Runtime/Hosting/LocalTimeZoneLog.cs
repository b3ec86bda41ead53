namespace NasAssistant.Runtime.Hosting;

/// <summary>
/// Says at startup which time zone local times use. .NET treats a <c>TZ</c> that names no zone file
/// as UTC without a word, so a misspelt zone (or an image without zone files) shows up here instead.
/// </summary>
internal static partial class LocalTimeZoneLog
{
    public static void Write(ILogger logger, string? tz, TimeZoneInfo local)
    {
        ArgumentNullException.ThrowIfNull(local);
        var requested = tz?.TrimStart(':');
        if (!string.IsNullOrEmpty(requested) && requested != local.Id)
        {
            LogUnknownZone(logger, requested, local.Id);
            return;
        }

        LogZone(logger, local.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local time zone {TimeZone}")]
    private static partial void LogZone(ILogger logger, string timeZone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TZ={Requested} names no time zone in the zone files; local times are {TimeZone}")]
    private static partial void LogUnknownZone(ILogger logger, string requested, string timeZone);
}
