namespace NasAssistant.Runtime.Batching;

/// <summary>Receives what a batcher does, for metrics.</summary>
internal interface IBatchObserver
{
    /// <summary>The number of waiting requests changed.</summary>
    void QueueDepthChanged(int depth);

    /// <summary>A batch ran: how many requests it held and how long the model took.</summary>
    void BatchExecuted(int requests, TimeSpan duration);

    /// <summary>A request was refused or dropped; <paramref name="reason"/> is <c>queue_full</c> or <c>cancelled</c>.</summary>
    void Rejected(string reason);
}
