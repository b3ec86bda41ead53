using System.ClientModel.Primitives;

namespace NasAssistant.Runtime.Tests.Chat;

/// <summary>Sends the conversation header with every request of an OpenAI client.</summary>
internal sealed class ConversationHeaderPolicy(string conversationId) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Set("X-Conversation-Id", conversationId);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        message.Request.Headers.Set("X-Conversation-Id", conversationId);
        await ProcessNextAsync(message, pipeline, currentIndex);
    }
}
