namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// Tests that read the conversation store's gauges. They are process-wide (one store per runtime process), and every
/// embedded server in this test process resets them to its own folder when it starts, so these tests run alone,
/// after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessGaugesGroup
{
    public const string Name = "process-wide conversation gauges";
}
