using NasAssistant.Runtime.Commands;

namespace NasAssistant.Runtime.Tests.Commands;

public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void NoArguments_ServeWithDefaults()
    {
        var line = CommandLine.Parse([], NoEnvironment);

        Assert.False(line.FetchModel);
        Assert.Null(line.ConfigPath);
    }

    [Fact]
    public void ConfigFlag_BeatsEnvironmentVariable()
    {
        var environment = new Dictionary<string, string> { ["NAS_ASSISTANT_CONFIG"] = "/env.yaml" };

        Assert.Equal("/flag.yaml", CommandLine.Parse(["--config", "/flag.yaml"], environment).ConfigPath);
        Assert.Equal("/env.yaml", CommandLine.Parse([], environment).ConfigPath);
    }

    [Fact]
    public void Health_FindsTheServerThroughTheSameConfigurationAsServing()
    {
        var environment = new Dictionary<string, string> { ["NAS_ASSISTANT_CONFIG"] = "/env.yaml" };

        var fromEnvironment = CommandLine.Parse(["health"], environment);
        var fromFlag = CommandLine.Parse(["health", "--config", "/flag.yaml"], environment);

        Assert.Equal((true, "/env.yaml"), (fromEnvironment.Health, fromEnvironment.ConfigPath));
        Assert.Equal((true, "/flag.yaml"), (fromFlag.Health, fromFlag.ConfigPath));
        Assert.False(CommandLine.Parse([], NoEnvironment).Health);
    }

    [Fact]
    public void FetchModel_ReadsUrlDigestAndOutput()
    {
        var line = CommandLine.Parse(["fetch-model", "--url", "http://nas.lan/m.onnx", "--sha256", new string('A', 64), "--output", "/models/m.onnx"], NoEnvironment);

        Assert.True(line.FetchModel);
        Assert.Equal(new Uri("http://nas.lan/m.onnx"), line.Url);
        Assert.Equal(new string('a', 64), line.Sha256);
        Assert.Equal("/models/m.onnx", line.Output);
    }

    [Fact]
    public void Quantize_ReadsBothForms()
    {
        var toFile = CommandLine.Parse(["quantize", "--input", "/m/a.onnx", "--output", "/m/a.int8.onnx", "--per-tensor", "--force"], NoEnvironment);
        var toCache = CommandLine.Parse(["quantize", "--input", "/m/a.onnx", "--sha256", new string('B', 64), "--cache-dir", "/cache"], NoEnvironment);

        Assert.True(toFile.Quantize);
        Assert.Equal(("/m/a.onnx", "/m/a.int8.onnx", true, true), (toFile.Input, toFile.Output, toFile.PerTensor, toFile.Force));
        Assert.Null(toFile.CacheDirectory);
        Assert.True(toCache.Quantize);
        Assert.Equal(("/m/a.onnx", new string('b', 64), "/cache"), (toCache.Input, toCache.Sha256, toCache.CacheDirectory));
        Assert.Null(toCache.Output);
    }

    [Fact]
    public void Quantize_ReadsTheSweep_AndAListOfNodesToKeepInFp32()
    {
        var sweep = CommandLine.Parse(["quantize", "--sweep", "--input", "/m/a.onnx", "--vocabulary", "/m/v.txt", "--output", "/m/keep.txt"], NoEnvironment);
        var keep = CommandLine.Parse(["quantize", "--input", "/m/a.onnx", "--output", "/m/a.int8.onnx", "--keep-fp32", "/m/keep.txt"], NoEnvironment);

        Assert.Equal((true, true, "/m/a.onnx", "/m/v.txt", "/m/keep.txt"), (sweep.Quantize, sweep.Sweep, sweep.Input, sweep.VocabularyPath, sweep.Output));
        Assert.Equal((false, "/m/keep.txt", "/m/a.int8.onnx"), (keep.Sweep, keep.KeepFp32Path, keep.Output));
    }

    [Theory]
    [InlineData("--port", "5000")]
    [InlineData("--config")]
    [InlineData("fetch-model", "--url", "http://x/m.onnx", "--output", "/m.onnx")]
    [InlineData("fetch-model", "--url", "ftp://x/m.onnx", "--sha256", "0000000000000000000000000000000000000000000000000000000000000000", "--output", "/m.onnx")]
    [InlineData("fetch-model", "--url", "http://x/m.onnx", "--sha256", "abc", "--output", "/m.onnx")]
    [InlineData("health", "--port", "5000")]
    [InlineData("health", "--config")]
    [InlineData("quantize", "--output", "/m.int8.onnx")]
    [InlineData("quantize", "--input", "/m.onnx")]
    [InlineData("quantize", "--input", "/m.onnx", "--cache-dir", "/cache")]
    [InlineData("quantize", "--input", "/m.onnx", "--sha256", "abc", "--cache-dir", "/cache")]
    [InlineData("quantize", "--input", "/m.onnx", "--output", "/o.onnx", "--cache-dir", "/cache", "--sha256", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("quantize", "--input", "/m.onnx", "--per-tensor", "--cache-dir", "/cache", "--sha256", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("quantize", "--input", "/m.onnx", "--output", "/o.onnx", "--url", "http://x/m.onnx")]
    [InlineData("quantize", "--sweep", "--input", "/m.onnx", "--force")]
    [InlineData("quantize", "--sweep", "--input", "/m.onnx", "--keep-fp32", "/k.txt")]
    [InlineData("quantize", "--input", "/m.onnx", "--output", "/o.onnx", "--vocabulary", "/v.txt")]
    [InlineData("quantize", "--input", "/m.onnx", "--keep-fp32", "/k.txt", "--cache-dir", "/cache", "--sha256", "0000000000000000000000000000000000000000000000000000000000000000")]
    public void BadArguments_AreRefused(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(args, NoEnvironment));
    }
}
