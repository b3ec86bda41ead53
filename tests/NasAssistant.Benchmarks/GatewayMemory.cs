namespace NasAssistant.Benchmarks;

/// <summary>The gateway process's resident memory (bytes) over the benchmark.</summary>
/// <param name="Connected">Connected to the broker, before any message.</param>
/// <param name="AfterQuestions">Idle again after the one-at-a-time questions.</param>
/// <param name="PeakUnderLoad">The highest sample (every 100 ms) while the users asked at once.</param>
/// <param name="AfterLoad">Idle a few seconds after the load.</param>
internal sealed record GatewayMemory(long Connected, long AfterQuestions, long PeakUnderLoad, long AfterLoad);
