using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace NasAssistant.Runtime.Config;

/// <summary>
/// The YAML conventions of every config file the operator renders and a program parses (camelCase keys
/// and enums, nulls left out, unknown keys refused), and the parse-then-validate step they share.
/// </summary>
internal static class ConfigYaml
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

    /// <summary>Renders <paramref name="value"/> deterministically: declaration order, nulls omitted.</summary>
    public static string Serialize<T>(T value) => Serializer.Serialize(value);

    /// <summary>Parses <paramref name="yaml"/> (empty: the defaults) and throws with every problem <paramref name="validate"/> finds.</summary>
    /// <exception cref="RuntimeConfigException">The YAML is malformed, has unknown keys or bad values.</exception>
    public static T Parse<T>(string yaml, string source, Func<T, IReadOnlyList<string>> validate)
        where T : class, new()
    {
        T config;
        try
        {
            config = Deserializer.Deserialize<T?>(yaml) ?? new T();
        }
        catch (YamlException e)
        {
            var detail = e.InnerException?.Message ?? e.Message;
            throw new RuntimeConfigException(
                $"{source}: line {e.Start.Line}, column {e.Start.Column}: {detail}", e);
        }

        var errors = validate(config);
        if (errors.Count > 0)
        {
            throw new RuntimeConfigException($"{source}: invalid configuration:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", errors));
        }

        return config;
    }
}
