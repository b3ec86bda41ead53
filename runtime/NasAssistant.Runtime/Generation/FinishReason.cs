namespace NasAssistant.Runtime.Generation;

/// <summary>Why a reply ended, in OpenAI's terms.</summary>
internal enum FinishReason
{
    /// <summary>The model ended the reply or a stop sequence matched.</summary>
    Stop,

    /// <summary><see cref="GenerationSettings.MaxTokens"/> (or the model's context) was reached.</summary>
    Length,
}
