namespace NasAssistant.Runtime.Inference;

/// <summary>One raw-tensor request, already validated against the model.</summary>
internal sealed record TensorJob(IReadOnlyList<NamedTensor> Inputs, IReadOnlyList<string>? Outputs);
