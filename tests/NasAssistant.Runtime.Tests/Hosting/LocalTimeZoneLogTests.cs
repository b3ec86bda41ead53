using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Hosting;

public sealed class LocalTimeZoneLogTests
{
    [Theory]
    [InlineData("Asia/Shanghai", "Asia/Shanghai", "Information", "Local time zone Asia/Shanghai")]
    [InlineData(":Europe/Berlin", "Europe/Berlin", "Information", "Local time zone Europe/Berlin")]
    [InlineData(null, "UTC", "Information", "Local time zone UTC")]
    [InlineData("Asia/Shangai", "UTC", "Warning", "TZ=Asia/Shangai names no time zone in the zone files; local times are UTC")]
    public void Startup_SaysWhichZoneLocalTimesUse_AndWarnsWhenTzNamesNone(string? tz, string localZone, string level, string expected)
    {
        using var logs = new CapturedLogs();
        var local = localZone == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(localZone);

        LocalTimeZoneLog.Write(logs.CreateLogger("runtime"), tz, local);

        Assert.Equal($"{level} runtime: {expected}", Assert.Single(logs.Lines));
    }
}
