using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Rendering;

namespace NasAssistant.Operator.Cli;

/// <summary>Entry point: <c>run</c> (default), <c>render</c>, <c>crd</c>.</summary>
internal static class OperatorCommandLine
{
    public const string Usage = """
        usage: operator [command] [options]

        commands:
          run                     reconcile AssistantDeployments in the current cluster (default)
          render -f FILE          print the manifests the operator would create for the AssistantDeployments in FILE
                                  (YAML, several documents allowed; - reads standard input)
              --image IMAGE           runtime image for resources that name none
              --cluster-domain NAME   cluster DNS domain (default cluster.local)
          crd                     print the AssistantDeployment CustomResourceDefinition
          help                    print this text
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, output, error, Console.In);

    public static int Run(string[] args, TextWriter output, TextWriter error, TextReader input)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var command = args.Length == 0 ? "run" : args[0];
        var options = args.Skip(1).ToArray();
        return command switch
        {
            "crd" when options.Length == 0 => WriteCrd(output),
            "render" => Render(options, output, error, input),
            "help" or "--help" or "-h" => Help(output),
            "run" => RunController(error),
            _ => UsageError(error, $"unknown command or arguments: {string.Join(' ', args)}"),
        };
    }

    private static int WriteCrd(TextWriter output)
    {
        output.Write(ManifestYaml.Write(CrdGenerator.Build()));
        return 0;
    }

    private static int Render(string[] options, TextWriter output, TextWriter error, TextReader input)
    {
        string? file = null;
        var settings = new OperatorSettings();
        for (var i = 0; i < options.Length; i++)
        {
            var value = i + 1 < options.Length ? options[i + 1] : null;
            switch (options[i])
            {
                case "-f" or "--filename" when value is not null:
                    file = value;
                    break;
                case "--image" when value is not null:
                    settings = settings with { RuntimeImage = value };
                    break;
                case "--cluster-domain" when value is not null:
                    settings = settings with { ClusterDomain = value };
                    break;
                default:
                    return UsageError(error, $"render: unexpected argument '{options[i]}'" + (value is null ? " (missing value?)" : ""));
            }

            i++;
        }

        if (file is null)
        {
            return UsageError(error, "render: -f FILE is required");
        }

        string yaml;
        try
        {
            yaml = file == "-" ? input.ReadToEnd() : File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read {file}: {e.Message}");
            return 1;
        }

        var result = Renderer.Render(yaml, file == "-" ? "<stdin>" : file, settings);
        if (result.Manifests is null)
        {
            foreach (var message in result.Errors)
            {
                error.WriteLine($"error: {message}");
            }

            return 1;
        }

        output.Write(result.Manifests);
        return 0;
    }

    private static int RunController(TextWriter error)
    {
        error.WriteLine("error: the controller (operator run) is not part of this build yet; use 'render' and 'crd'");
        return 1;
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine(Usage);
        return 0;
    }

    private static int UsageError(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        error.WriteLine(Usage);
        return 2;
    }
}
