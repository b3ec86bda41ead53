using System.Globalization;
using NasAssistant.Benchmarks;
using NasAssistant.Runtime.Config;

// Usage: dotnet run -c Release --project tests/NasAssistant.Benchmarks -- runtime [--concurrency 50] [--seconds 10] [--workers 0] [--threads 0] [--batches 1,2,4,8,16] [--graph-optimization auto] [--report FILE]
//        dotnet run -c Release --project tests/NasAssistant.Benchmarks -- operator [--resources 500] [--executable PATH]
//        dotnet run -c Release --project tests/NasAssistant.Benchmarks -- gateway [--questions 200] [--users 8] [--seconds 10] [--pause-ms 100] [--tcp-nodelay false] [--journal DIR] [--report FILE]
const string Usage = "usage: NasAssistant.Benchmarks runtime [--concurrency N] [--seconds S] [--workers W] [--threads T (0 for both: as the runtime sizes them)] [--batches 1,2,4,8,16] [--graph-optimization auto|disabled|basic|extended|all] [--report FILE]\n"
    + "       NasAssistant.Benchmarks operator [--resources N] [--executable PATH (an operator build to run, such as an image's /app/NasAssistant.Operator)]\n"
    + "       NasAssistant.Benchmarks gateway [--questions N] [--users U] [--seconds S] [--pause-ms MS] [--tcp-nodelay true|false (the broker's)] [--journal DIR (the gateway's)] [--report FILE]";
if (args is ["operator", ..])
{
    var resources = 500;
    string? executable = null;
    for (var i = 1; i < args.Length; i += 2)
    {
        switch (args[i])
        {
            case "--resources" when i + 1 < args.Length: resources = Math.Clamp(int.Parse(args[i + 1], CultureInfo.InvariantCulture), 1, 2000); break;
            case "--executable" when i + 1 < args.Length: executable = Path.GetFullPath(args[i + 1]); break;
            default:
                Console.Error.WriteLine($"unknown option {args[i]}\n{Usage}");
                return 2;
        }
    }

    await OperatorBenchmark.RunAsync(resources, executable, Console.Out);
    return 0;
}

if (args is ["gateway", ..] && args.Length % 2 == 1)
{
    var gateway = new GatewayBenchmarkOptions();
    for (var i = 1; i + 1 < args.Length; i += 2)
    {
        int Number(int min, int max) => Math.Clamp(int.Parse(args[i + 1], CultureInfo.InvariantCulture), min, max);
        switch (args[i])
        {
            case "--questions": gateway = gateway with { Questions = Number(1, 10_000) }; break;
            case "--users": gateway = gateway with { Users = Number(1, 200) }; break;
            case "--seconds": gateway = gateway with { Seconds = Number(1, 120) }; break;
            case "--pause-ms": gateway = gateway with { PauseMilliseconds = Number(0, 10_000) }; break;
            case "--tcp-nodelay": gateway = gateway with { BrokerTcpNoDelay = bool.Parse(args[i + 1]) }; break;
            case "--journal": gateway = gateway with { JournalDirectory = Path.GetFullPath(args[i + 1]) }; break;
            case "--report": gateway = gateway with { ReportPath = args[i + 1] }; break;
            default:
                Console.Error.WriteLine($"unknown option {args[i]}\n{Usage}");
                return 2;
        }
    }

    await GatewayBenchmark.RunAsync(gateway, Console.Out);
    return 0;
}

if (args.Length == 0 || args[0] != "runtime" || args.Length % 2 == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var options = new RuntimeBenchmarkOptions();
for (var i = 1; i + 1 < args.Length; i += 2)
{
    var value = args[i + 1];
    int Number(int min, int max) => Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), min, max);
    switch (args[i])
    {
        case "--concurrency": options = options with { Concurrency = Number(1, 500) }; break;
        case "--seconds": options = options with { Seconds = Number(1, 120) }; break;
        case "--workers": options = options with { Workers = Number(0, 64) }; break;
        case "--threads": options = options with { Threads = Number(0, 64) }; break;
        case "--batches":
            options = options with { BatchSizes = value.Split(',').Select(b => Math.Clamp(int.Parse(b, CultureInfo.InvariantCulture), 1, 256)).Distinct().Order().ToArray() };
            break;
        case "--graph-optimization": options = options with { GraphOptimization = Enum.Parse<GraphOptimization>(value, ignoreCase: true) }; break;
        case "--report": options = options with { ReportPath = value }; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}\n{Usage}");
            return 2;
    }
}

await RuntimeBenchmark.RunAsync(options, Console.Out);
return 0;
