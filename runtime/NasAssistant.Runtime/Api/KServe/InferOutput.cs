namespace NasAssistant.Runtime.Api.KServe;

/// <summary>One output tensor with flat row-major data.</summary>
internal sealed record InferOutput(string Name, string Datatype, IReadOnlyList<long> Shape, object Data);
