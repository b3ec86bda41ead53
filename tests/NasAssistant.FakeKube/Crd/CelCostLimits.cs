using System.Globalization;

namespace NasAssistant.FakeKube.Crd;

/// <summary>The static cost limits of CRD rules and the message for exceeding them (<c>apiextensions/validation/validation.go</c>).</summary>
internal static class CelCostLimits
{
    /// <summary><c>StaticEstimatedCostLimit</c>: one rule's estimated cost times how often it may run.</summary>
    public const ulong StaticEstimatedCostLimit = 10_000_000;

    /// <summary><c>StaticEstimatedCRDCostLimit</c>: all rules of a schema together.</summary>
    public const ulong StaticEstimatedCrdCostLimit = 100_000_000;

    // getCostErrorMessage
    public static string ExceededMessage(string costName, ulong cost, ulong limit)
    {
        var factor = (double)cost / limit;
        var shown = factor > 100.0
            ? "more than 100x"
            : factor < 1.5
                ? factor.ToString("F6", CultureInfo.InvariantCulture) + "x"
                : factor.ToString("F1", CultureInfo.InvariantCulture) + "x";
        return $"{costName} exceeds budget by factor of {shown} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)";
    }
}
