using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Hosting;

/// <summary>What the command line asked for.</summary>
internal sealed record CommandLine
{
    /// <summary>Usage text printed on argument errors.</summary>
    public const string Usage = """
        usage:
          NasAssistant.Runtime [--config PATH]
              serve the configured model (no file: the bundled model on port 5000);
              PATH may also come from NAS_ASSISTANT_CONFIG; NAS_ASSISTANT_SECTION__KEY=value overrides one key
          NasAssistant.Runtime fetch-model --url URL --sha256 HEX --output PATH
              download a model once, verify its SHA-256 and move it into place atomically
        """;

    /// <summary>True for the <c>fetch-model</c> subcommand.</summary>
    public bool FetchModel { get; init; }

    /// <summary>Configuration file for serving.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Source of <c>fetch-model</c>.</summary>
    public Uri? Url { get; init; }

    /// <summary>Expected digest for <c>fetch-model</c>.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Destination of <c>fetch-model</c>.</summary>
    public string? Output { get; init; }

    /// <summary>Parses the arguments; the environment supplies the config path when no flag does.</summary>
    /// <exception cref="ArgumentException">Unknown or incomplete arguments.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var fetch = args.Count > 0 && args[0] == "fetch-model";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = fetch ? 1 : 0; i < args.Count; i++)
        {
            var name = args[i];
            var allowed = fetch ? name is "--url" or "--sha256" or "--output" : name is "--config";
            if (!allowed)
            {
                throw new ArgumentException($"unknown argument '{name}'");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            values[name] = args[++i];
        }

        if (!fetch)
        {
            var path = values.GetValueOrDefault("--config");
            if (path is null && environment.TryGetValue(RuntimeDefaults.ConfigFileVariable, out var fromEnvironment)
                && !string.IsNullOrWhiteSpace(fromEnvironment))
            {
                path = fromEnvironment;
            }

            return new CommandLine { ConfigPath = path };
        }

        foreach (var required in new[] { "--url", "--sha256", "--output" })
        {
            if (!values.ContainsKey(required))
            {
                throw new ArgumentException($"fetch-model needs {required}");
            }
        }

        if (!Uri.TryCreate(values["--url"], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--url '{values["--url"]}' is not an http or https address");
        }

        var sha = values["--sha256"].ToLowerInvariant();
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("--sha256 must be 64 hex characters");
        }

        return new CommandLine { FetchModel = true, Url = url, Sha256 = sha, Output = values["--output"] };
    }
}
