using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Quantization;

var environment = ConfigurationLoader.ProcessEnvironment();
CommandLine commandLine;
try
{
    commandLine = CommandLine.Parse(args, environment);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"nas-assistant: {e.Message}{Environment.NewLine}{CommandLine.Usage}");
    return 2;
}

if (commandLine.FetchModel)
{
    using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
    using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    var fetcher = new ModelFetcher(http, loggerFactory.CreateLogger<ModelFetcher>());
    try
    {
        await fetcher.FetchAsync(commandLine.Url!, commandLine.Sha256!, commandLine.Output!, CancellationToken.None);
        return 0;
    }
    catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or UnauthorizedAccessException)
    {
        await Console.Error.WriteLineAsync($"nas-assistant fetch-model: {e.Message}");
        return 1;
    }
}

if (commandLine.Quantize)
{
    using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
    return await QuantizeCommand.RunAsync(commandLine, loggerFactory, Console.Out, Console.Error, CancellationToken.None, environment);
}

RuntimeConfig config;
try
{
    config = ConfigurationLoader.Load(commandLine.ConfigPath, environment);
}
catch (RuntimeConfigException e)
{
    await Console.Error.WriteLineAsync($"nas-assistant: configuration error: {e.Message}");
    return 1;
}

if (commandLine.Health)
{
    return await HealthCommand.RunAsync(config, Console.Error, CancellationToken.None);
}

try
{
    await using var server = RuntimeServer.Create(config);
    await server.StartAsync();
    await server.WaitForShutdownAsync();
    return 0;
}
catch (RuntimeStartupException e)
{
    await Console.Error.WriteLineAsync($"nas-assistant: cannot start: {e.Message}");
    return 1;
}
