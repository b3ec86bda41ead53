namespace NasAssistant.Gateway.Metrics;

/// <summary>Where a failure happened, the <c>stage</c> label of the errors counter.</summary>
internal enum ErrorStage
{
    /// <summary>Receiving from the platform (polling, a webhook).</summary>
    Receive,

    /// <summary>Asking the assistant.</summary>
    Assistant,

    /// <summary>Sending to the platform.</summary>
    Send,
}
