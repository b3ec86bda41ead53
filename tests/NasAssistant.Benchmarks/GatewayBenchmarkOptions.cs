namespace NasAssistant.Benchmarks;

/// <summary>Settings of the gateway benchmark.</summary>
internal sealed record GatewayBenchmarkOptions
{
    /// <summary>Questions asked one at a time on each path.</summary>
    public int Questions { get; init; } = 200;

    /// <summary>
    /// Pause between the one-at-a-time questions, in milliseconds, as a person or an automation asks. It also lets TCP's
    /// delayed acknowledgement run out; 0 asks back to back, where a question can wait on Nagle's algorithm at the broker.
    /// </summary>
    public int PauseMilliseconds { get; init; } = 100;

    /// <summary>Channel users asking at once under load, each its next question as soon as the last is answered.</summary>
    public int Users { get; init; } = 8;

    /// <summary>Length of each load phase.</summary>
    public int Seconds { get; init; } = 10;

    /// <summary>
    /// Mosquitto's <c>set_tcp_nodelay</c>: off by default, so the broker's small writes wait for the previous one's
    /// acknowledgement (Nagle's algorithm), which back-to-back questions and several users at once feel.
    /// </summary>
    public bool BrokerTcpNoDelay { get; init; }

    /// <summary>Folder for the gateway's delivery journal (e.g. on tmpfs, to see what its fsyncs cost); null: in the benchmark's temporary folder.</summary>
    public string? JournalDirectory { get; init; }

    public string ReportPath { get; init; } = "data/benchmarks/gateway-report.txt";
}
