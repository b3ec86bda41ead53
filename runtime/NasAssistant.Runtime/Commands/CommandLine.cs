using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Commands;

/// <summary>What the command line asked for.</summary>
internal sealed record CommandLine
{
    /// <summary>Usage text printed on argument errors.</summary>
    public const string Usage = """
        usage:
          NasAssistant.Runtime [--config PATH]
              serve the configured model (no file: the bundled model on port 5000);
              PATH may also come from NAS_ASSISTANT_CONFIG; NAS_ASSISTANT_SECTION__KEY=value overrides one key
          NasAssistant.Runtime gateway --config PATH
              the channel gateway: bridges the configured messengers (Telegram, ...) to an assistant's chat API
          NasAssistant.Runtime health [--config PATH]
              exit 0 when the runtime serving this configuration on this host is ready (a container's health check)
          NasAssistant.Runtime fetch-model --url URL --sha256 HEX --output PATH
              download a model once, verify its SHA-256 and move it into place atomically
          NasAssistant.Runtime quantize --input PATH --output PATH [--per-tensor] [--keep-fp32 LIST] [--force]
              INT8 dynamic quantization of the MatMul/Gemm weights (per-channel scales unless --per-tensor) and of
              the embedding tables; the nodes named in LIST (or the stored list of a known model) stay FP32;
              an existing output is only replaced with --force
          NasAssistant.Runtime quantize --input PATH --sha256 HEX --cache-dir DIR [--termination-log PATH]
              the same into DIR/HEX.int8.v3.onnx (DIR/HEX.uint8.v3.onnx on CPUs without VNNI), once for all
              replicas sharing DIR; later calls verify and reuse it
          NasAssistant.Runtime quantize --sweep --input PATH [--vocabulary PATH] [--output LIST]
              measure which nodes of an embedding model cost the most accuracy in INT8 and write the list to keep
              in FP32 (the vocabulary defaults to vocab.txt beside the model)
          NasAssistant.Runtime quantize --config PATH [--termination-log PATH]
              the configured model into its model.cacheDirectory, as the server would at load (the pod's init step);
              --termination-log also writes the quantized model's SHA-256 there
        """;

    /// <summary>True for the <c>fetch-model</c> subcommand.</summary>
    public bool FetchModel { get; init; }

    /// <summary>True for the <c>gateway</c> subcommand (its file is <see cref="ConfigPath"/>).</summary>
    public bool Gateway { get; init; }

    /// <summary>True for the <c>quantize</c> subcommand.</summary>
    public bool Quantize { get; init; }

    /// <summary>True for the <c>health</c> subcommand.</summary>
    public bool Health { get; init; }

    /// <summary>Configuration file for serving (and for <c>health</c>, which finds the server through it).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Source of <c>fetch-model</c>.</summary>
    public Uri? Url { get; init; }

    /// <summary>Expected digest for <c>fetch-model</c>.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Destination of <c>fetch-model</c> and <c>quantize</c>.</summary>
    public string? Output { get; init; }

    /// <summary>Source model of <c>quantize</c>.</summary>
    public string? Input { get; init; }

    /// <summary>Shared cache folder of <c>quantize</c>; <see cref="Sha256"/> is then the source's digest.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>One scale per weight tensor instead of one per output column (<c>quantize --per-tensor</c>).</summary>
    public bool PerTensor { get; init; }

    /// <summary>File that receives the quantized model's digest (Kubernetes reads it as the termination message).</summary>
    public string? TerminationLog { get; init; }

    /// <summary>Replace an existing <c>quantize --output</c>.</summary>
    public bool Force { get; init; }

    /// <summary>True for <c>quantize --sweep</c>: measure which nodes to keep in FP32 instead of quantizing.</summary>
    public bool Sweep { get; init; }

    /// <summary>WordPiece vocabulary of the model a sweep measures (null: <c>vocab.txt</c> beside it).</summary>
    public string? VocabularyPath { get; init; }

    /// <summary>List of nodes to keep in FP32 (<c>quantize --keep-fp32</c>), as a sweep writes it.</summary>
    public string? KeepFp32Path { get; init; }

    /// <summary>Parses the arguments; the environment supplies the config path when no flag does.</summary>
    /// <exception cref="ArgumentException">Unknown or incomplete arguments.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        var fetch = args.Count > 0 && args[0] == "fetch-model";
        var quantize = args.Count > 0 && args[0] == "quantize";
        if (args.Count > 0 && args[0] == "gateway")
        {
            return ParseGateway(args);
        }

        var health = args.Count > 0 && args[0] == "health";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var switches = new HashSet<string>(StringComparer.Ordinal);
        for (var i = fetch || quantize || health ? 1 : 0; i < args.Count; i++)
        {
            var name = args[i];
            if (quantize && name is "--per-tensor" or "--force" or "--sweep")
            {
                switches.Add(name);
                continue;
            }

            var allowed = fetch ? name is "--url" or "--sha256" or "--output"
                : quantize ? name is "--input" or "--output" or "--sha256" or "--cache-dir" or "--config" or "--termination-log"
                    or "--vocabulary" or "--keep-fp32"
                : name is "--config";
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

        if (quantize)
        {
            return ParseQuantize(values, switches);
        }

        if (!fetch)
        {
            var path = values.GetValueOrDefault("--config");
            if (path is null && environment.TryGetValue(RuntimeDefaults.ConfigFileVariable, out var fromEnvironment)
                && !string.IsNullOrWhiteSpace(fromEnvironment))
            {
                path = fromEnvironment;
            }

            return new CommandLine { Health = health, ConfigPath = path };
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

        return new CommandLine { FetchModel = true, Url = url, Sha256 = Digest(values["--sha256"]), Output = values["--output"] };
    }

    private static CommandLine ParseGateway(IReadOnlyList<string> args)
    {
        if (args.Count == 3 && args[1] == "--config")
        {
            return new CommandLine { Gateway = true, ConfigPath = args[2] };
        }

        throw new ArgumentException(args.Count > 1 && args[1] != "--config"
            ? $"unknown argument '{args[1]}'"
            : "gateway needs --config PATH (and nothing else)");
    }

    private static CommandLine ParseQuantize(Dictionary<string, string> values, HashSet<string> switches)
    {
        var terminationLog = values.GetValueOrDefault("--termination-log");
        if (values.TryGetValue("--config", out var config))
        {
            if (values.Keys.FirstOrDefault(k => k is not ("--config" or "--termination-log")) is { } other)
            {
                throw new ArgumentException($"quantize --config takes the model from the configuration; {other} does not go with it");
            }

            if (switches.Count > 0)
            {
                throw new ArgumentException($"{switches.First()} applies to quantize --output only");
            }

            return new CommandLine { Quantize = true, ConfigPath = config, TerminationLog = terminationLog };
        }

        if (!values.TryGetValue("--input", out var input))
        {
            throw new ArgumentException("quantize needs --input");
        }

        var quantize = new CommandLine { Quantize = true, Input = input };
        if (switches.Contains("--sweep"))
        {
            if (values.Keys.FirstOrDefault(k => k is not ("--input" or "--vocabulary" or "--output")) is { } extra)
            {
                throw new ArgumentException($"quantize --sweep takes --input, --vocabulary and --output; {extra} does not go with it");
            }

            if (switches.Count > 1)
            {
                throw new ArgumentException($"{switches.First(s => s != "--sweep")} does not go with quantize --sweep");
            }

            return quantize with { Sweep = true, VocabularyPath = values.GetValueOrDefault("--vocabulary"), Output = values.GetValueOrDefault("--output") };
        }

        if (values.ContainsKey("--vocabulary"))
        {
            throw new ArgumentException("--vocabulary goes with quantize --sweep");
        }

        var cached = values.ContainsKey("--sha256") || values.ContainsKey("--cache-dir");
        if (terminationLog is not null && !cached)
        {
            throw new ArgumentException("--termination-log goes with --cache-dir or --config");
        }

        if (!cached)
        {
            if (!values.TryGetValue("--output", out var output))
            {
                throw new ArgumentException("quantize needs --output, or --sha256 and --cache-dir");
            }

            return quantize with
            {
                Output = output,
                PerTensor = switches.Contains("--per-tensor"),
                Force = switches.Contains("--force"),
                KeepFp32Path = values.GetValueOrDefault("--keep-fp32"),
            };
        }

        if (values.ContainsKey("--keep-fp32"))
        {
            throw new ArgumentException("--keep-fp32 applies to quantize --output only; the cache uses the stored list of a known model");
        }

        if (values.ContainsKey("--output"))
        {
            throw new ArgumentException("quantize takes --output, or --sha256 and --cache-dir, not both");
        }

        if (!values.TryGetValue("--sha256", out var sha) || !values.TryGetValue("--cache-dir", out var directory))
        {
            throw new ArgumentException("quantize into a cache needs both --sha256 and --cache-dir");
        }

        // The cache names files by the source digest alone, so every entry must come from the same settings.
        if (switches.Count > 0)
        {
            throw new ArgumentException($"{switches.First()} applies to quantize --output only; the cache holds per-channel models");
        }

        return quantize with { Sha256 = Digest(sha), CacheDirectory = directory, TerminationLog = terminationLog };
    }

    private static string Digest(string value)
    {
        var sha = value.ToLowerInvariant();
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("--sha256 must be 64 hex characters");
        }

        return sha;
    }
}
