using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace NasAssistant.Operator.Hosting;

/// <summary>Parses the flags of <c>operator run</c>; <c>--flag value</c> and <c>--flag=value</c> both work.</summary>
internal static class RunOptionsParser
{
    /// <summary>Parses <paramref name="args"/> (the arguments after <c>run</c>).</summary>
    /// <returns>The options, or null with <paramref name="error"/> saying what is wrong.</returns>
    public static RunOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new RunOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = Split(args[i]);
            if (flag == "--leader-election")
            {
                if (inline is null)
                {
                    options = options with { LeaderElection = true };
                }
                else if (bool.TryParse(inline, out var enabled))
                {
                    options = options with { LeaderElection = enabled };
                }
                else
                {
                    error = $"--leader-election: '{inline}' is not true or false";
                    return null;
                }

                continue;
            }

            var value = inline;
            if (value is null && i + 1 < args.Count)
            {
                value = args[++i];
            }

            if (value is null)
            {
                error = KnownFlags.Contains(flag) ? $"{flag} needs a value" : $"unexpected argument '{args[i]}'";
                return null;
            }

            var parsed = Apply(options, flag, value, out error);
            if (parsed is null)
            {
                return null;
            }

            options = parsed;
        }

        return options;
    }

    private static readonly HashSet<string> KnownFlags =
    [
        "--kubeconfig", "--context", "--namespace", "--metrics-port", "--metrics-bind-address", "--lease-namespace", "--lease-name",
        "--resync-seconds", "--workers", "--runtime-image", "--cluster-domain", "--monitoring-namespace", "--log-format", "--log-level",
        "--kubernetes-api-cidrs", "--kubernetes-api-ports",
    ];

    private static RunOptions? Apply(RunOptions options, string flag, string value, out string? error)
    {
        error = null;
        switch (flag)
        {
            case "--kubeconfig":
                return options with { Kubeconfig = value };
            case "--context":
                return options with { Context = value };
            case "--namespace":
                return options with { Namespace = value };
            case "--metrics-port":
                return Int(flag, value, 0, 65535, out error) is { } port ? options with { MetricsPort = port } : null;
            case "--metrics-bind-address":
                if (!IPAddress.TryParse(value, out _))
                {
                    error = $"{flag}: '{value}' is not an IP address";
                    return null;
                }

                return options with { MetricsBindAddress = value };
            case "--lease-namespace":
                return options with { LeaseNamespace = value };
            case "--lease-name":
                return options with { LeaseName = value };
            case "--resync-seconds":
                return Int(flag, value, 1, int.MaxValue, out error) is { } seconds ? options with { ResyncSeconds = seconds } : null;
            case "--workers":
                return Int(flag, value, 1, 1024, out error) is { } workers ? options with { Workers = workers } : null;
            case "--runtime-image":
                return options with { Settings = options.Settings with { RuntimeImage = value } };
            case "--cluster-domain":
                return options with { Settings = options.Settings with { ClusterDomain = value } };
            case "--monitoring-namespace":
                return options with { Settings = options.Settings with { MonitoringNamespace = value } };
            case "--kubernetes-api-cidrs":
                return Cidrs(flag, value, out error) is { } cidrs ? options with { Settings = options.Settings with { KubernetesApiCidrs = cidrs } } : null;
            case "--kubernetes-api-ports":
                return Ports(flag, value, out error) is { } ports ? options with { Settings = options.Settings with { KubernetesApiPorts = ports } } : null;
            case "--log-format":
                if (Enum.TryParse<LogFormat>(value, ignoreCase: true, out var format) && Enum.IsDefined(format) && !int.TryParse(value, out _))
                {
                    return options with { LogFormat = format };
                }

                error = $"{flag}: '{value}' is not text or json";
                return null;
            case "--log-level":
                if (Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(value, out _))
                {
                    return options with { LogLevel = level };
                }

                error = $"{flag}: '{value}' is not a log level";
                return null;
            default:
                error = $"unexpected argument '{flag}'";
                return null;
        }
    }

    private static int? Int(string flag, string value, int min, int max, out string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            error = null;
            return number;
        }

        error = $"{flag}: '{value}' is not a whole number from {min} to {max}";
        return null;
    }

    private static string[]? Cidrs(string flag, string value, out string? error)
    {
        var cidrs = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var bad = cidrs.FirstOrDefault(cidr => !IPNetwork.TryParse(cidr, out _));
        error = cidrs.Length == 0 ? $"{flag}: give at least one CIDR, such as 192.168.1.10/32"
            : bad is not null ? $"{flag}: '{bad}' is not a CIDR such as 192.168.1.10/32"
            : null;
        return error is null ? cidrs : null;
    }

    private static int[]? Ports(string flag, string value, out string? error)
    {
        var ports = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (Int(flag, part, 1, 65535, out error) is not { } port)
            {
                return null;
            }

            ports.Add(port);
        }

        error = null;
        return [.. ports];
    }

    private static (string Flag, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }
}
