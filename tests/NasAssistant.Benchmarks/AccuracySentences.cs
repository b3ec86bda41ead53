namespace NasAssistant.Benchmarks;

/// <summary>A fixed, varied sentence set for comparing INT8 embeddings with FP32.</summary>
internal static class AccuracySentences
{
    public static readonly string[] All =
    [
        .. Conversations.Messages,
        .. HelpDeskQuestions.All,
        "A man is playing a guitar.",
        "The central bank raised interest rates again.",
        "Kubernetes restarts pods that fail their liveness probe.",
        "The cat sleeps on the warm radiator all afternoon.",
        "Please water the tomatoes while we are away.",
        "Quarterly revenue grew by twelve percent year over year.",
        "The train to Munich leaves from platform four at 7:15.",
        "x",
    ];
}
