namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>Reads and writes <see cref="GatewayStatusReport"/> as YAML, with the conventions of the configuration files.</summary>
public static class GatewayStatusReportYaml
{
    /// <summary>Renders the report as YAML (deterministic: declaration order, nulls omitted).</summary>
    public static string Serialize(GatewayStatusReport report) => ConfigYaml.Serialize(report);

    /// <summary>Parses a report; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="RuntimeConfigException">The YAML is malformed or names a channel without a name or reason.</exception>
    public static GatewayStatusReport Parse(string yaml, string source) =>
        ConfigYaml.Parse<GatewayStatusReport>(yaml, source, report =>
            [.. report.Channels.Select((c, i) => (c, i))
                .Where(entry => entry.c.Name.Length == 0 || entry.c.Reason.Length == 0)
                .Select(entry => $"channels[{entry.i}]: needs a name and a reason")]);
}
