namespace NasAssistant.Runtime.Inference;

/// <summary>The outputs of one raw-tensor request, or why the model refused it.</summary>
internal sealed record TensorOutcome(IReadOnlyList<NamedTensor>? Outputs, Exception? Error);
