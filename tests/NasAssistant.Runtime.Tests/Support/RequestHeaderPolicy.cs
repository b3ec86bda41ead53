using System.ClientModel.Primitives;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>Sends a header with every request of an OpenAI client.</summary>
internal sealed class RequestHeaderPolicy(string name, string value) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Set(name, value);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Set(name, value);
        await ProcessNextAsync(message, pipeline, currentIndex);
    }
}
