namespace NasAssistant.Operator.Controller;

/// <summary>An add-on kind's informer with what it takes to stop it.</summary>
internal sealed record RunningInformer(ResourceInformer Informer, CancellationTokenSource Stop, Task Task);
