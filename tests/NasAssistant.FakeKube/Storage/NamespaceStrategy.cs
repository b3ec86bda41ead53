using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// What the Namespace registry does beyond the generic one: every namespace starts Active with the
/// <c>kubernetes</c> finalizer in <c>spec.finalizers</c>, which only the namespace controller removes.
/// </summary>
internal static class NamespaceStrategy
{
    /// <summary>v1.FinalizerKubernetes: held until the namespace controller has deleted the content.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    public const string Active = "Active";

    public const string Terminating = "Terminating";

    public static bool Is(ResourceType type) => !type.IsCustom && type.Group.Length == 0 && type.Plural == "namespaces";

    public static IReadOnlyList<string> Finalizers(JsonObject ns) =>
        ns["spec"]?["finalizers"] is JsonArray finalizers ? finalizers.Select(f => f?.GetValue<string>() ?? string.Empty).ToList() : [];

    public static void SetFinalizers(JsonObject ns, IReadOnlyList<string> finalizers)
    {
        var spec = Meta.Section(ns, "spec");
        if (finalizers.Count == 0)
        {
            spec.Remove("finalizers");
        }
        else
        {
            spec["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
    }

    public static bool IsTerminating(JsonObject ns) => ns["status"]?["phase"]?.GetValue<string>() == Terminating;

    public static void SetPhase(JsonObject ns, string phase) => Meta.Section(ns, "status")["phase"] = phase;

    /// <summary>PrepareForCreate (pkg/registry/core/namespace/strategy.go): Active, and the kubernetes finalizer.</summary>
    public static void PrepareForCreate(JsonObject ns)
    {
        ns["status"] ??= new JsonObject { ["phase"] = Active };
        var finalizers = Finalizers(ns);
        if (!finalizers.Contains(KubernetesFinalizer))
        {
            SetFinalizers(ns, [.. finalizers, KubernetesFinalizer]);
        }
    }

    /// <summary>PrepareForUpdate (strategy.go): spec.finalizers change only through the finalize path.</summary>
    public static void PrepareForUpdate(ResourceType type, JsonObject next, JsonObject current)
    {
        if (Is(type))
        {
            SetFinalizers(next, Finalizers(current));
        }
    }
}
