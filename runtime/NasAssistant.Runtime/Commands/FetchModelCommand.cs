using NasAssistant.Runtime.Models;

namespace NasAssistant.Runtime.Commands;

/// <summary>The <c>fetch-model</c> subcommand (the init step of a model given by URL): the reason on stderr when it fails.</summary>
internal static class FetchModelCommand
{
    /// <summary>Runs a parsed <c>fetch-model</c> command line.</summary>
    /// <returns>0 when the file is in place with its SHA-256, 1 otherwise.</returns>
    public static async Task<int> RunAsync(CommandLine commandLine, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(error);
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var fetcher = new ModelFetcher(http, loggerFactory.CreateLogger<ModelFetcher>());
        try
        {
            await fetcher.FetchAsync(commandLine.Url!, commandLine.Sha256!, commandLine.Output!, cancellationToken);
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"nas-assistant fetch-model: {e.Message}");
            return 1;
        }
    }
}
