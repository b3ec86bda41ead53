using System.Globalization;
using NasAssistant.Benchmarks;

// Usage: dotnet run -c Release --project tests/NasAssistant.Benchmarks -- runtime [--concurrency 50] [--seconds 15] [--threads 0] [--max-batch 32]
//        dotnet run -c Release --project tests/NasAssistant.Benchmarks -- operator [--resources 500]
const string Usage = "usage: NasAssistant.Benchmarks runtime [--concurrency N] [--seconds S] [--threads T (0: as the runtime sizes them)] [--max-batch B]\n"
    + "       NasAssistant.Benchmarks operator [--resources N]";
if (args is ["operator", ..])
{
    var resources = args is [_, "--resources", var count] ? Math.Clamp(int.Parse(count, CultureInfo.InvariantCulture), 1, 2000) : 500;
    await OperatorBenchmark.RunAsync(resources, Console.Out);
    return 0;
}

if (args.Length == 0 || args[0] != "runtime")
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var concurrency = 50;
var seconds = 15;
var threads = 0;
var maxBatch = 32;
for (var i = 1; i + 1 < args.Length; i += 2)
{
    var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--concurrency": concurrency = Math.Clamp(value, 1, 500); break;
        case "--seconds": seconds = Math.Clamp(value, 1, 120); break;
        case "--threads": threads = Math.Clamp(value, 0, 64); break;
        case "--max-batch": maxBatch = Math.Clamp(value, 2, 256); break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

await RuntimeBenchmark.RunAsync(concurrency, TimeSpan.FromSeconds(seconds), threads, maxBatch, Console.Out);
return 0;
