using System.Globalization;
using System.Reflection;
using NasAssistant.Runtime.Config;
using YamlDotNet.RepresentationModel;

namespace NasAssistant.Runtime.Hosting;

/// <summary>
/// Builds the runtime's configuration: defaults, then the YAML file, then single-key environment
/// overrides such as <c>NAS_ASSISTANT_SERVER__PORT=5001</c>.
/// </summary>
internal static class ConfigurationLoader
{
    /// <summary>Prefix of environment variables that override one key each.</summary>
    public const string OverridePrefix = "NAS_ASSISTANT_";

    private const string SectionSeparator = "__";

    /// <summary>Loads the configuration; <paramref name="configPath"/> null means defaults only.</summary>
    /// <exception cref="RuntimeConfigException">The file is missing or unreadable, or a key or value is wrong.</exception>
    public static RuntimeConfig Load(string? configPath, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var source = configPath ?? "built-in defaults";
        var yaml = string.Empty;
        if (configPath is not null)
        {
            try
            {
                yaml = File.ReadAllText(configPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RuntimeConfigException($"{configPath}: cannot read the configuration file: {e.Message}", e);
            }
        }

        // Parsing the file on its own first keeps line numbers in errors true to the file.
        var config = RuntimeConfigYaml.Parse(yaml, source);
        var overrides = ParseOverrides(environment);
        if (overrides.Count == 0)
        {
            return config;
        }

        var document = LoadMapping(yaml);
        foreach (var item in overrides)
        {
            var node = document;
            for (var i = 0; i < item.Path.Count - 1; i++)
            {
                var key = new YamlScalarNode(item.Path[i]);
                if (!node.Children.TryGetValue(key, out var child) || child is not YamlMappingNode mapping)
                {
                    mapping = [];
                    node.Children[key] = mapping;
                }

                node = mapping;
            }

            node.Children[new YamlScalarNode(item.Path[^1])] = new YamlScalarNode(item.Value);
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(document)).Save(writer, assignAnchors: false);
        var names = string.Join(", ", overrides.Select(o => o.Variable));
        return RuntimeConfigYaml.Parse(writer.ToString(), $"{source} with environment overrides {names}");
    }

    /// <summary>Reads the process environment into a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static YamlMappingNode LoadMapping(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root ? root : [];
    }

    private static List<EnvironmentOverride> ParseOverrides(IReadOnlyDictionary<string, string> environment)
    {
        var result = new List<EnvironmentOverride>();
        foreach (var (variable, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!variable.StartsWith(OverridePrefix, StringComparison.Ordinal)
                || !variable.Contains(SectionSeparator, StringComparison.Ordinal))
            {
                continue;
            }

            var segments = variable[OverridePrefix.Length..].Split(SectionSeparator);
            var type = typeof(RuntimeConfig);
            var path = new List<string>();
            for (var i = 0; i < segments.Length; i++)
            {
                var property = FindProperty(type, segments[i])
                    ?? throw new RuntimeConfigException(
                        $"environment variable {variable}: unknown key '{segments[i]}'"
                        + (path.Count > 0 ? $" in section '{string.Join('.', path)}'" : string.Empty)
                        + $"; known keys: {string.Join(", ", type.GetProperties().Select(p => CamelCase(p.Name)))}");
                path.Add(CamelCase(property.Name));
                var isSection = IsSection(property.PropertyType);
                if (i < segments.Length - 1 && !isSection)
                {
                    throw new RuntimeConfigException(
                        $"environment variable {variable}: '{string.Join('.', path)}' is a value, not a section");
                }

                if (i == segments.Length - 1)
                {
                    if (isSection)
                    {
                        throw new RuntimeConfigException(
                            $"environment variable {variable}: '{string.Join('.', path)}' is a section; name one of its keys");
                    }

                    CheckValue(variable, string.Join('.', path), property.PropertyType, value);
                }

                type = property.PropertyType;
            }

            result.Add(new EnvironmentOverride(variable, path, value));
        }

        return result;
    }

    private static PropertyInfo? FindProperty(Type type, string segment)
    {
        var wanted = segment.Replace("_", string.Empty, StringComparison.Ordinal);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string);

    private static void CheckValue(string variable, string key, Type type, string value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var ok = target == typeof(string)
            || (target == typeof(int) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            || (target == typeof(long) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            || (target == typeof(bool) && bool.TryParse(value, out _))
            || (target.IsEnum && Enum.GetNames(target).Any(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase)));
        if (!ok)
        {
            var expected = target.IsEnum
                ? "one of " + string.Join(", ", Enum.GetNames(target).Select(CamelCase))
                : target == typeof(bool) ? "true or false" : "an integer";
            throw new RuntimeConfigException(
                $"environment variable {variable}: '{value}' is not a valid value for {key} (expected {expected})");
        }
    }

    private static string CamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private sealed record EnvironmentOverride(string Variable, IReadOnlyList<string> Path, string Value);
}
