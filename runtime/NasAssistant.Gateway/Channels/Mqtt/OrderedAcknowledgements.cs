namespace NasAssistant.Gateway.Channels.Mqtt;

/// <summary>
/// Sends PUBACKs in the order the questions arrived, as MQTT requires of QoS 1 receivers [MQTT-4.6.0-2], while the
/// questions themselves are answered side by side: an acknowledgement waits for every earlier one. One that never
/// comes (its question failed, and the session ends) holds back the later ones, which the broker then redelivers.
/// </summary>
internal sealed class OrderedAcknowledgements
{
    private readonly object _gate = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Takes the next place in line for <paramref name="acknowledge"/>; the returned function sends it in turn.</summary>
    public Func<CancellationToken, Task> Reserve(Func<CancellationToken, Task> acknowledge)
    {
        ArgumentNullException.ThrowIfNull(acknowledge);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_gate)
        {
            previous = _last;
            _last = done.Task;
        }

        return async cancellationToken =>
        {
            await previous.WaitAsync(cancellationToken);
            await acknowledge(cancellationToken);
            done.SetResult();
        };
    }
}
