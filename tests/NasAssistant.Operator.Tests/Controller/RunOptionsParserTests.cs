using Microsoft.Extensions.Logging;
using NasAssistant.Operator.Cli;
using NasAssistant.Operator.Hosting;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class RunOptionsParserTests
{
    [Fact]
    public void NoFlags_GiveTheDefaults()
    {
        var options = RunOptionsParser.Parse([], out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Null(options.Kubeconfig);
        Assert.Null(options.Context);
        Assert.Null(options.Namespace);
        Assert.Equal(8080, options.MetricsPort);
        Assert.Equal("0.0.0.0", options.MetricsBindAddress);
        Assert.False(options.LeaderElection);
        Assert.Null(options.LeaseNamespace);
        Assert.Equal("nas-assistant-operator", options.LeaseName);
        Assert.Equal(300, options.ResyncSeconds);
        Assert.Equal(4, options.Workers);
        Assert.Equal(LogFormat.Text, options.LogFormat);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        Assert.Equal(new OperatorSettings(), options.Settings);
    }

    [Fact]
    public void EveryFlag_IsParsed_InBothSpellings()
    {
        var options = RunOptionsParser.Parse(
        [
            "--kubeconfig", "/tmp/kc", "--context=lab", "--namespace", "assistants", "--metrics-port=9090",
            "--metrics-bind-address", "127.0.0.1", "--leader-election", "--lease-namespace", "ops", "--lease-name=lock",
            "--resync-seconds", "30", "--workers=8", "--runtime-image", "registry.lan/runtime:1", "--cluster-domain", "home.arpa",
            "--monitoring-namespace", "prom", "--log-format=json", "--log-level", "debug",
            "--kubernetes-api-cidrs", "10.0.0.1/32, fd00::1/128", "--kubernetes-api-ports=443,6443",
        ], out var error);

        Assert.Null(error);
        Assert.Equal(
            new RunOptions
            {
                Kubeconfig = "/tmp/kc",
                Context = "lab",
                Namespace = "assistants",
                MetricsPort = 9090,
                MetricsBindAddress = "127.0.0.1",
                LeaderElection = true,
                LeaseNamespace = "ops",
                LeaseName = "lock",
                ResyncSeconds = 30,
                Workers = 8,
                LogFormat = LogFormat.Json,
                LogLevel = LogLevel.Debug,
                Settings = new OperatorSettings
                {
                    RuntimeImage = "registry.lan/runtime:1",
                    ClusterDomain = "home.arpa",
                    MonitoringNamespace = "prom",
                    KubernetesApiCidrs = ["10.0.0.1/32", "fd00::1/128"],
                    KubernetesApiPorts = [443, 6443],
                },
            },
            options);
    }

    [Theory]
    [InlineData("--leader-election=true", true)]
    [InlineData("--leader-election=false", false)]
    [InlineData("--leader-election", true)]
    public void LeaderElection_TakesAnOptionalBoolean(string flag, bool expected) =>
        Assert.Equal(expected, RunOptionsParser.Parse([flag], out _)!.LeaderElection);

    [Theory]
    [InlineData("--workers", "0", "--workers: '0' is not a whole number from 1 to 1024")]
    [InlineData("--workers", "many", "--workers: 'many' is not a whole number from 1 to 1024")]
    [InlineData("--resync-seconds", "-5", "--resync-seconds: '-5' is not a whole number from 1 to 2147483647")]
    [InlineData("--metrics-port", "70000", "--metrics-port: '70000' is not a whole number from 0 to 65535")]
    [InlineData("--metrics-bind-address", "localhost", "--metrics-bind-address: 'localhost' is not an IP address")]
    [InlineData("--log-format", "xml", "--log-format: 'xml' is not text or json")]
    [InlineData("--log-format", "1", "--log-format: '1' is not text or json")]
    [InlineData("--log-level", "loud", "--log-level: 'loud' is not a log level")]
    [InlineData("--leader-election=maybe", null, "--leader-election: 'maybe' is not true or false")]
    [InlineData("--kubernetes-api-cidrs", "10.0.0.1", "--kubernetes-api-cidrs: '10.0.0.1' is not a CIDR such as 192.168.1.10/32")]
    [InlineData("--kubernetes-api-cidrs", ",", "--kubernetes-api-cidrs: give at least one CIDR, such as 192.168.1.10/32")]
    [InlineData("--kubernetes-api-ports", "6443,0", "--kubernetes-api-ports: '0' is not a whole number from 1 to 65535")]
    [InlineData("--bogus", "x", "unexpected argument '--bogus'")]
    [InlineData("--namespace", null, "--namespace needs a value")]
    public void BadFlags_AreRejectedWithAReason(string flag, string? value, string expected)
    {
        var options = RunOptionsParser.Parse(value is null ? [flag] : [flag, value], out var error);

        Assert.Null(options);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void RunCommand_WithABadFlag_ExitsWithUsage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = OperatorCommandLine.Run(["run", "--workers", "zero"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("error: run: --workers: 'zero' is not a whole number", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: operator", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FlagsWithoutACommand_MeanRun()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = OperatorCommandLine.Run(["--log-format", "yaml"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("error: run: --log-format: 'yaml' is not text or json", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKubeconfig_IsAClearError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = OperatorCommandLine.Run(["run", "--kubeconfig", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml")], output, error);

        Assert.Equal(1, code);
        Assert.StartsWith("error: cannot load the Kubernetes configuration", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_ListsEveryRunOption()
    {
        foreach (var flag in new[]
        {
            "--kubeconfig", "--context", "--namespace", "--metrics-port", "--metrics-bind-address", "--leader-election", "--lease-namespace",
            "--lease-name", "--resync-seconds", "--workers", "--runtime-image", "--cluster-domain", "--monitoring-namespace", "--log-format", "--log-level",
            "--kubernetes-api-cidrs", "--kubernetes-api-ports",
        })
        {
            Assert.Contains(flag, OperatorCommandLine.Usage, StringComparison.Ordinal);
        }
    }
}
