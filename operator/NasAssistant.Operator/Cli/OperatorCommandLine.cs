using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Hosting;
using NasAssistant.Operator.Reconciliation;
using NasAssistant.Operator.Rendering;

namespace NasAssistant.Operator.Cli;

/// <summary>Entry point: <c>run</c> (default), <c>render</c>, <c>crd</c>, <c>alert-rules</c>.</summary>
internal static class OperatorCommandLine
{
    public const string Usage = """
        usage: operator [command] [options]

        commands:
          run [options]           reconcile AssistantDeployments in the current cluster (default)
              --kubeconfig PATH           kubeconfig file (default: in-cluster config in a pod, else $KUBECONFIG or ~/.kube/config)
              --context NAME              kubeconfig context (default: its current context)
              --namespace NS              watch only this namespace (default: all namespaces)
              --metrics-port PORT         port serving /metrics, /healthz and /readyz (default 8080)
              --metrics-bind-address IP   address of that port (default 0.0.0.0)
              --leader-election[=BOOL]    elect one active replica through a Lease (default off)
              --lease-namespace NS        namespace of the Lease (default: the operator's namespace)
              --lease-name NAME           name of the Lease (default nas-assistant-operator)
              --resync-seconds N          queue every resource again every N seconds (default 300)
              --workers N                 reconciles running at once (default 4)
              --runtime-image IMAGE       runtime image for resources that name none
              --cluster-domain NAME       cluster DNS domain (default cluster.local)
              --monitoring-namespace NS   namespace of Prometheus, allowed to scrape metrics (default monitoring)
              --kubernetes-api-cidrs LIST address ranges of the API server, for channel gateways' NetworkPolicy (default 0.0.0.0/0,::/0)
              --kubernetes-api-ports LIST ports of the API server, for the same (default 6443)
              --log-format text|json      console log format (default text)
              --log-level LEVEL           trace, debug, information, warning or error (default information)
          render -f FILE          print the manifests the operator would create for the AssistantDeployments in FILE
                                  (YAML, several documents allowed; - reads standard input)
              --image IMAGE           runtime image for resources that name none
              --cluster-domain NAME   cluster DNS domain (default cluster.local)
          crd                     print the AssistantDeployment CustomResourceDefinition
          alert-rules --job NAME  print the assistant alerts as a Prometheus rule file, for runtimes that Prometheus
                                  scrapes as job NAME outside Kubernetes (docker-compose); the PrometheusRule's rules
          help                    print this text
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, output, error, Console.In);

    public static int Run(string[] args, TextWriter output, TextWriter error, TextReader input)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        // "operator --namespace x" runs the controller too: run is the default command.
        var implicitRun = args.Length == 0 || (args[0].StartsWith("--", StringComparison.Ordinal) && args[0] != "--help");
        var command = implicitRun ? "run" : args[0];
        var options = implicitRun ? args : args.Skip(1).ToArray();
        return command switch
        {
            "crd" when options.Length == 0 => WriteCrd(output),
            "render" => Render(options, output, error, input),
            "alert-rules" => WriteAlertRules(options, output, error),
            "help" or "--help" or "-h" => Help(output),
            "run" => RunController(options, error, CreateReconciler),
            _ => UsageError(error, $"unknown command or arguments: {string.Join(' ', args)}"),
        };
    }

    private static int WriteCrd(TextWriter output)
    {
        output.Write(CommittedCrd.Text);
        return 0;
    }

    private static int WriteAlertRules(string[] options, TextWriter output, TextWriter error)
    {
        if (options is not ["--job", var job])
        {
            return UsageError(error, "alert-rules: --job NAME is required, and nothing else");
        }

        if (AlertRuleFile.Write(job) is not { } rules)
        {
            return UsageError(error, $"alert-rules: job '{job}' must be a lowercase DNS label that starts with a letter, as assistant names are");
        }

        output.Write(rules);
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

    /// <summary>Runs the controller until SIGTERM or Ctrl-C; <paramref name="reconcilerFactory"/> builds what the workers call.</summary>
    internal static int RunController(string[] options, TextWriter error, ReconcilerFactory reconcilerFactory)
    {
        var run = RunOptionsParser.Parse(options, out var problem);
        if (run is null)
        {
            return UsageError(error, $"run: {problem}");
        }

        KubernetesClientConfiguration kubernetes;
        try
        {
            kubernetes = KubernetesConnection.Configure(run);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot load the Kubernetes configuration: {e.Message}");
            return 1;
        }

        // Process metrics (the dashboard's CPU and memory) stay; the .NET event counters and meters go: listening to
        // them costs the operator memory and CPU on every interval, and nothing reads them.
        Prometheus.Metrics.SuppressDefaultMetrics(new Prometheus.SuppressDefaultMetricOptions
        {
            SuppressProcessMetrics = false,
            SuppressDebugMetrics = true,
            SuppressEventCounters = true,
            SuppressMeters = true,
        });
        var host = OperatorHost.Create(run, kubernetes, reconcilerFactory);
        try
        {
            // The host's console lifetime turns SIGTERM and Ctrl-C into a graceful stop.
            host.RunAsync().GetAwaiter().GetResult();
            return 0;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: cannot serve metrics on {run.MetricsBindAddress}:{run.MetricsPort}: {e.Message}");
            return 1;
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IReconciler CreateReconciler(KubeApi client, OperatorSettings settings, TimeProvider time, ILoggerFactory loggerFactory) =>
        new AssistantReconciler(client, settings, time, loggerFactory.CreateLogger<AssistantReconciler>(), new AssistantMetrics(Prometheus.Metrics.DefaultRegistry));

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
