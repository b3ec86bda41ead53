namespace NasAssistant.FakeKube.Crd;

/// <summary>
/// The estimated cost of all rules of one schema, and the rules that contribute most to it
/// (<c>TotalCost</c>, <c>apiextensions/validation/cel_validation.go</c>).
/// </summary>
internal sealed class CelTotalCost
{
    private readonly List<(string Path, ulong Cost)> _mostExpensive = [];

    public ulong Total { get; private set; }

    /// <summary>Up to four rule paths costing at least 1% of the schema limit, most expensive first.</summary>
    public IReadOnlyList<(string Path, ulong Cost)> MostExpensive => _mostExpensive;

    public void Observe(string path, ulong cost)
    {
        Total = ulong.MaxValue - Total < cost ? ulong.MaxValue : Total + cost;
        if (cost < CelCostLimits.StaticEstimatedCrdCostLimit / 100)
        {
            return;
        }

        _mostExpensive.Add((path, cost));
        _mostExpensive.Sort((a, b) => b.Cost.CompareTo(a.Cost));
        if (_mostExpensive.Count > 4)
        {
            _mostExpensive.RemoveRange(4, _mostExpensive.Count - 4);
        }
    }
}
