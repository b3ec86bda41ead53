namespace NasAssistant.Gateway.Leadership;

/// <summary>Decides which gateway instance is the active one; only it receives from the messengers.</summary>
internal interface ILeadership
{
    /// <summary>True while this instance leads.</summary>
    bool IsLeader { get; }

    /// <summary>
    /// Contends until <paramref name="cancellationToken"/> is cancelled, running <paramref name="lead"/> for each
    /// term with a token cancelled when the term ends; a replica that does not lead keeps trying.
    /// </summary>
    Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken);
}
