using NasAssistant.Runtime.Generation;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Generation;

/// <summary>The tiny generated models the generation tests share, written once per test run.</summary>
public sealed class TinyModels : IDisposable
{
    /// <summary>Sequence length at which <see cref="EndsItself"/> writes end-of-text.</summary>
    public const int EndOfTextAt = 60;

    private readonly TempDirectory _directory = new();

    public TinyModels()
    {
        Chat = TinyChatModel.Write(_directory.File("chat"));
        EndsItself = TinyChatModel.Write(_directory.File("ends"), new TinyChatModelOptions { EndOfTextAt = EndOfTextAt });
        NoTemplate = TinyChatModel.Write(_directory.File("plain"), new TinyChatModelOptions { ChatTemplate = null });
    }

    /// <summary>A model with a chat template that never ends a reply by itself.</summary>
    public string Chat { get; }

    /// <summary>Like <see cref="Chat"/>, but end-of-text wins once the sequence holds <see cref="EndOfTextAt"/> tokens.</summary>
    public string EndsItself { get; }

    /// <summary>Like <see cref="Chat"/>, without a chat template.</summary>
    public string NoTemplate { get; }

    public void Dispose() => _directory.Dispose();

    internal static async Task<Reply> CollectAsync(
        ITextGenerator generator, IReadOnlyList<ChatTurn> messages, GenerationSettings settings, CancellationToken cancellationToken = default)
    {
        var steps = new List<GeneratedText>();
        await foreach (var step in generator.GenerateAsync(messages, settings, cancellationToken))
        {
            steps.Add(step);
        }

        return new Reply(steps);
    }

    internal sealed record Reply(IReadOnlyList<GeneratedText> Steps)
    {
        public string Text => string.Concat(Steps.Select(s => s.Text));

        public GeneratedText Last => Steps[^1];

        public FinishReason? Finish => Last.Finish;

        public GenerationUsage Usage => Last.Usage!;
    }
}
