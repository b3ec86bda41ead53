using System.Text.Json;

namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>
/// Reads and writes <see cref="GatewayStatusReport"/> as JSON through its source-generated contract: the gateway
/// writes it and the operator, a Native AOT program, reads it without reflection. Keys are camelCase, as in the configs.
/// </summary>
public static class GatewayStatusReportJson
{
    /// <summary>Renders the report (deterministic: declaration order, nulls omitted).</summary>
    public static string Serialize(GatewayStatusReport report) =>
        JsonSerializer.Serialize(report, ConfigJsonContext.Default.GatewayStatusReport);

    /// <summary>Parses a report; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="RuntimeConfigException">The JSON is malformed, has unknown keys, or names a channel without a name or reason.</exception>
    public static GatewayStatusReport Parse(string json, string source)
    {
        GatewayStatusReport report;
        try
        {
            report = JsonSerializer.Deserialize(json, ConfigJsonContext.Default.GatewayStatusReport)
                ?? throw new RuntimeConfigException($"{source}: the report is null");
        }
        catch (JsonException e)
        {
            throw new RuntimeConfigException($"{source}: {e.Message}", e);
        }

        report = WithoutNulls(report);
        var errors = report.Channels.Select((channel, i) => (channel, i))
            .Where(entry => entry.channel.Name.Length == 0 || entry.channel.Reason.Length == 0)
            .Select(entry => $"channels[{entry.i}]: needs a name and a reason")
            .ToList();
        return errors.Count == 0 ? report
            : throw new RuntimeConfigException($"{source}: invalid report:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
    }

    // The generated contract sets an absent init-only property to null rather than keeping its initializer.
    private static GatewayStatusReport WithoutNulls(GatewayStatusReport report) => new()
    {
        ConfigDigest = report.ConfigDigest ?? string.Empty,
        Channels = [.. (report.Channels ?? []).Select(channel => channel with
        {
            Name = channel.Name ?? string.Empty,
            Kind = channel.Kind ?? string.Empty,
            Reason = channel.Reason ?? string.Empty,
            Message = channel.Message ?? string.Empty,
            Since = channel.Since ?? string.Empty,
        })],
    };
}
