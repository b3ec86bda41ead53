using System.Globalization;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// The elapsed-time texts the API server puts in Table cells, as <c>duration.ShortHumanDuration</c> and
/// <c>duration.HumanDuration</c> (k8s.io/apimachinery/pkg/util/duration) write them.
/// </summary>
internal static class HumanDuration
{
    /// <summary>
    /// ShortHumanDuration: one unit (<c>45s</c>, <c>12m</c>, <c>3h</c>, <c>9d</c>, <c>2y</c>); used for the date
    /// columns of custom resources.
    /// </summary>
    public static string Short(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (Early(seconds) is { } early)
        {
            return early;
        }

        if (seconds < 60)
        {
            return Text(seconds, "s");
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 60)
        {
            return Text(minutes, "m");
        }

        var hours = (long)d.TotalHours;
        if (hours < 24)
        {
            return Text(hours, "h");
        }

        return hours < 24 * 365 ? Text(hours / 24, "d") : Text((long)(d.TotalHours / 24 / 365), "y");
    }

    /// <summary>
    /// HumanDuration: two or three significant figures (<c>90s</c>, <c>5m12s</c>, <c>3h20m</c>, <c>4d6h</c>);
    /// used by the built-in printers (<c>translateTimestampSince</c>).
    /// </summary>
    public static string Long(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (Early(seconds) is { } early)
        {
            return early;
        }

        if (seconds < 60 * 2)
        {
            return Text(seconds, "s");
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            return Pair(minutes, "m", seconds % 60, "s");
        }

        if (minutes < 60 * 3)
        {
            return Text(minutes, "m");
        }

        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            return Pair(hours, "h", minutes % 60, "m");
        }

        if (hours < 48)
        {
            return Text(hours, "h");
        }

        if (hours < 24 * 8)
        {
            return Pair(hours / 24, "d", hours % 24, "h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Text(hours / 24, "d");
        }

        return hours < 24 * 365 * 8 ? Pair(hours / 24 / 365, "y", hours / 24 % 365, "d") : Text(hours / 24 / 365, "y");
    }

    /// <summary>The age of a <c>metav1.Time</c> string, <c>&lt;unknown&gt;</c> when it is missing or zero.</summary>
    public static string Since(string? timestamp, DateTimeOffset now, Func<TimeSpan, string> format) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? format(now - time)
            : "<unknown>";

    // Up to two seconds in the future counts as now (clocks drift); more is invalid.
    private static string? Early(long seconds) => seconds switch
    {
        < -1 => "<invalid>",
        < 0 => "0s",
        _ => null,
    };

    private static string Text(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;

    private static string Pair(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? Text(major, majorUnit) : Text(major, majorUnit) + Text(minor, minorUnit);
}
