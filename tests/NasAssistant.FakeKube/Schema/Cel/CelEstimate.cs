namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// A min/max range of cost units or of sizes, with cel-go's saturating arithmetic
/// (<c>CostEstimate</c> and <c>SizeEstimate</c>, <c>checker/cost.go</c>).
/// </summary>
internal readonly record struct CelEstimate(ulong Min, ulong Max)
{
    public static CelEstimate Unknown { get; } = new(0, ulong.MaxValue);

    public static CelEstimate Fixed(ulong value) => new(value, value);

    public CelEstimate Add(CelEstimate other) => new(AddSaturating(Min, other.Min), AddSaturating(Max, other.Max));

    public CelEstimate Multiply(CelEstimate other) => new(MultiplySaturating(Min, other.Min), MultiplySaturating(Max, other.Max));

    /// <summary>Scales by a cost factor, rounding up (e.g. 0.1 per character traversed).</summary>
    public CelEstimate MultiplyByCostFactor(double factor) => new(Scale(Min, factor), Scale(Max, factor));

    public CelEstimate Union(CelEstimate other) => new(Math.Min(Min, other.Min), Math.Max(Max, other.Max));

    public static ulong MultiplySaturating(ulong x, ulong y) =>
        x > 0 && y > 0 && x > ulong.MaxValue / y ? ulong.MaxValue : x * y;

    private static ulong AddSaturating(ulong x, ulong y) => y > 0 && x > ulong.MaxValue - y ? ulong.MaxValue : x + y;

    private static ulong Scale(ulong x, double factor)
    {
        var value = (double)x;
        if (value > 0 && factor > 0 && value > ulong.MaxValue / factor)
        {
            return ulong.MaxValue;
        }

        var scaled = Math.Ceiling(value * factor);
        return scaled >= ulong.MaxValue ? ulong.MaxValue : (ulong)scaled;
    }
}
