using System.Security.Cryptography;
using System.Text;

namespace NasAssistant.Runtime.Config.Gateway;

/// <summary>Reads and writes <see cref="GatewayConfig"/> as YAML, with the conventions of <see cref="RuntimeConfigYaml"/>.</summary>
public static class GatewayConfigYaml
{
    /// <summary>Renders the configuration as YAML (deterministic: declaration order, nulls omitted).</summary>
    public static string Serialize(GatewayConfig config) => ConfigYaml.Serialize(config, ConfigJsonContext.Default.GatewayConfig);

    /// <summary>Parses and validates YAML; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="RuntimeConfigException">The YAML is malformed, has unknown keys or bad values.</exception>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(ConfigYaml.ParsingReflects)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(ConfigYaml.ParsingReflects)]
    public static GatewayConfig Parse(string yaml, string source) =>
        ConfigYaml.Parse<GatewayConfig>(yaml, source, GatewayConfigValidator.Validate);

    /// <summary>
    /// Digest of the configuration as rendered: the operator computes it from what it renders, the gateway from what it
    /// parsed (rendering is deterministic, so both agree), and the gateway's status report carries it.
    /// </summary>
    public static string Digest(GatewayConfig config) => Digest(Serialize(config));

    /// <summary>Digest of a configuration already rendered by <see cref="Serialize"/>.</summary>
    public static string Digest(string rendered) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rendered)));
}
