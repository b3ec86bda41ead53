using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace NasAssistant.Runtime.Config;

/// <summary>
/// Reads and writes <see cref="RuntimeConfig"/> as YAML. The operator writes with it and the runtime
/// reads with it, so the ConfigMap and the parser cannot drift apart.
/// </summary>
public static class RuntimeConfigYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .DisableAliases()
        .Build();

    // Unknown keys are errors (no IgnoreUnmatchedProperties): a typo must stop startup, not be ignored.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Renders the configuration as YAML (deterministic: declaration order, nulls omitted).</summary>
    public static string Serialize(RuntimeConfig config) => Serializer.Serialize(config);

    /// <summary>Parses and validates YAML; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="RuntimeConfigException">The YAML is malformed, has unknown keys or bad values.</exception>
    public static RuntimeConfig Parse(string yaml, string source)
    {
        RuntimeConfig config;
        try
        {
            config = Deserializer.Deserialize<RuntimeConfig?>(yaml) ?? new RuntimeConfig();
        }
        catch (YamlException e)
        {
            var detail = e.InnerException?.Message ?? e.Message;
            throw new RuntimeConfigException(
                $"{source}: line {e.Start.Line}, column {e.Start.Column}: {detail}", e);
        }

        var errors = RuntimeConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new RuntimeConfigException($"{source}: invalid configuration:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", errors));
        }

        return config;
    }
}
