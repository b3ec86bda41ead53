using k8s.Models;

namespace NasAssistant.Operator.Resources;

/// <summary>Resource quantities in the API server's canonical spelling.</summary>
internal static class Quantities
{
    /// <summary>
    /// The API server stores quantities canonicalized ("0.5" becomes "500m"); building them the same
    /// way keeps a converged child equal to what was sent, so resyncs cause no writes.
    /// </summary>
    public static ResourceQuantity Canonical(ResourceQuantity quantity) => new(quantity.CanonicalizeString());
}
