namespace NasAssistant.Runtime.Config;

/// <summary>
/// Reads and writes <see cref="RuntimeConfig"/> as YAML. The operator writes with it and the runtime
/// reads with it, so the ConfigMap and the parser cannot drift apart.
/// </summary>
public static class RuntimeConfigYaml
{
    /// <summary>Renders the configuration as YAML (deterministic: declaration order, nulls omitted).</summary>
    public static string Serialize(RuntimeConfig config) => ConfigYaml.Serialize(config, ConfigJsonContext.Default.RuntimeConfig);

    /// <summary>Parses and validates YAML; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="RuntimeConfigException">The YAML is malformed, has unknown keys or bad values.</exception>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(ConfigYaml.ParsingReflects)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(ConfigYaml.ParsingReflects)]
    public static RuntimeConfig Parse(string yaml, string source) =>
        ConfigYaml.Parse<RuntimeConfig>(yaml, source, RuntimeConfigValidator.Validate);
}
