using NasAssistant.Runtime.Quantization;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// The texts INT8 accuracy is measured on, by class, and the bar each must meet against FP32. None of them is among the
/// texts the quantizer's sensitivity sweep calibrates on.
/// </summary>
internal static class AccuracyTexts
{
    public static string[] Sentences { get; } =
    [
        "The quick brown fox jumps over the lazy dog.",
        "How do I reset my router to factory settings?",
        "Backups run every night at two in the morning.",
        "The NAS has four drives in a RAID 5 array.",
        "Quantum computers use qubits instead of classical bits.",
        "I would like to order a large pepperoni pizza, please.",
        "What is the capital of Australia?",
        "The meeting was postponed until next Thursday afternoon.",
        "Photosynthesis converts light energy into chemical energy.",
        "She plays the violin in the city orchestra.",
        "Kubernetes schedules pods onto nodes based on resource requests.",
        "My cat refuses to eat anything except tuna.",
        "The stock market fell sharply after the announcement.",
        "Please remind me to water the plants tomorrow.",
        "A good night's sleep improves memory and concentration.",
        "The train to Berlin leaves from platform nine.",
        "Error 404: the requested page could not be found.",
        "He scored the winning goal in the final minute.",
        "Climate change is raising sea levels around the world.",
        "Mix flour, sugar and eggs, then bake for thirty minutes.",
        "The library closes early on public holidays.",
        "Encrypt the disk before shipping the laptop abroad.",
        "Why is the sky blue during the day?",
        "Our team shipped the new release ahead of schedule.",
        "The mountain trail was covered in fresh snow.",
        "Interest rates are expected to stay unchanged this quarter.",
        "Can you translate this paragraph into Spanish?",
        "The museum displays paintings from the Renaissance period.",
        "Solar panels on the roof generate most of our electricity.",
        "The printer on the second floor is out of paper again.",
    ];

    public static string[] OneWord { get; } =
    [
        "ok", "hello", "thanks!", "backup", "folder", "yes", "no", "hi", "bye", "help", "why?", "great", "sure", "weather",
        "music", "printer", "password", "tomorrow", "hungry", "home", "Hallo", "Bonsoir", "Perdón", "谢谢您", "もしもし",
    ];

    public static string[] TwoWords { get; } =
    [
        "thank you", "good morning", "see you", "sounds good", "no problem", "backup failed", "good night", "call me",
        "not now", "well done", "disk full", "how much?", "love it", "wifi down", "any news?", "of course", "be careful",
        "too late", "guten Tag", "bon appétit", "buenas tardes", "下午好", "おはよう",
    ];

    /// <summary>The held-out chat messages: test data only, never used to choose what the quantizer keeps in FP32.</summary>
    public static string[] HeldOut { get; } = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "testdata", "accuracy", "heldout-chat.txt"))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .ToArray();

    /// <summary>Every class, by name.</summary>
    public static IReadOnlyDictionary<string, string[]> Classes { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["one word"] = OneWord,
        ["two words"] = TwoWords,
        ["sentences"] = Sentences,
        ["held-out chat"] = HeldOut,
    };

    /// <summary>The cosine to FP32 INT8 must reach: 0.99 for inputs of one or two words, 0.995 for longer ones.</summary>
    public static double CosineBar(string text) => SensitivitySweep.IsShort(text) ? 0.99 : 0.995;

    /// <summary>The texts whose INT8 embedding falls below its bar, each with its cosine to FP32.</summary>
    public static string[] BelowTheBar(IReadOnlyList<string> texts, IReadOnlyList<float[]> fp32, IReadOnlyList<float[]> int8) =>
        [.. texts.Select((text, i) => (Text: text, Cosine: Vectors.Cosine(fp32[i], int8[i]), Bar: CosineBar(text)))
            .Where(x => x.Cosine < x.Bar)
            .Select(x => FormattableString.Invariant($"\"{x.Text}\" {x.Cosine:F4} < {x.Bar}"))];

    /// <summary>The smallest and mean cosine of INT8 to FP32.</summary>
    public static string Summary(IReadOnlyList<float[]> fp32, IReadOnlyList<float[]> int8)
    {
        var cosines = fp32.Zip(int8, Vectors.Cosine).ToArray();
        return FormattableString.Invariant($"min cosine {cosines.Min():F4}, mean {cosines.Average():F4}");
    }
}
