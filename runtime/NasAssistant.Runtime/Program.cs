using NasAssistant.Gateway.Hosting;
using NasAssistant.Runtime.Commands;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Hosting;

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
    return await FetchModelCommand.RunAsync(commandLine, Console.Error, CancellationToken.None);
}

if (commandLine.Gateway)
{
    return await GatewayCommand.RunAsync(commandLine.ConfigPath!, Console.Error);
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

return await ServeCommand.RunAsync(config, Console.Error);
