using System.Diagnostics;
using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Metrics;

namespace NasAssistant.Runtime.Chat;

/// <summary>Records one chat reply in the runtime's metrics: active count, first-token time, speed and outcome.</summary>
internal sealed class ReplyMetrics : IDisposable
{
    private readonly string _model;
    private readonly string _mode;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _firstText;
    private string _finish = "error";

    /// <summary>Starts recording a reply.</summary>
    public ReplyMetrics(string model, ChatMode mode)
    {
        _model = model;
        _mode = mode == ChatMode.Generative ? "generative" : "retrieval";
        RuntimeMetrics.ChatActiveReplies.WithLabels(model).Inc();
    }

    /// <summary>Notes a step of the reply.</summary>
    public void Observe(GeneratedText step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_firstText == 0 && step.Text.Length > 0)
        {
            _firstText = Stopwatch.GetTimestamp();
            RuntimeMetrics.ChatTimeToFirstToken.WithLabels(_model).Observe(Stopwatch.GetElapsedTime(_started).TotalSeconds);
        }

        if (step.Usage is { } usage)
        {
            RuntimeMetrics.ChatCompletionTokens.WithLabels(_model).Inc(usage.CompletionTokens);
            RuntimeMetrics.ChatPromptTokens.WithLabels(_model, "false").Inc(usage.PromptTokens - usage.CachedPromptTokens);
            RuntimeMetrics.ChatPromptTokens.WithLabels(_model, "true").Inc(usage.CachedPromptTokens);
            var seconds = Stopwatch.GetElapsedTime(_firstText == 0 ? _started : _firstText).TotalSeconds;
            if (usage.CompletionTokens > 1 && seconds > 0)
            {
                // From the first text on, so the speed is decoding's, not the prompt's.
                RuntimeMetrics.ChatTokensPerSecond.WithLabels(_model).Observe((usage.CompletionTokens - 1) / seconds);
            }
        }
    }

    /// <summary>Sets the outcome recorded when disposed.</summary>
    public void Finish(FinishReason? reason, bool cancelled = false) =>
        _finish = cancelled ? "cancelled" : reason switch
        {
            FinishReason.Stop => "stop",
            FinishReason.Length => "length",
            _ => "error",
        };

    /// <inheritdoc />
    public void Dispose()
    {
        RuntimeMetrics.ChatActiveReplies.WithLabels(_model).Dec();
        RuntimeMetrics.ChatCompletions.WithLabels(_model, _mode, _finish).Inc();
    }
}
