using System.Collections.Concurrent;
using NasAssistant.Runtime.Batching;

namespace NasAssistant.Runtime.Tests.Support;

internal sealed class RecordingObserver : IBatchObserver
{
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public ConcurrentQueue<string> Rejections { get; } = new();

    public void QueueDepthChanged(int depth)
    {
    }

    public void BatchExecuted(int requests, TimeSpan duration) => BatchSizes.Enqueue(requests);

    public void Rejected(string reason) => Rejections.Enqueue(reason);
}
