using static NasAssistant.FakeKube.Tests.TestSupport.TestCrds;

namespace NasAssistant.FakeKube.Tests.Crd;

/// <summary>The static cost limits on rules: per rule (times how often it can run) and for the whole schema.</summary>
public sealed class RuleCostTests
{
    private const string Spec = Root + ".properties[spec]";
    private const string Advice = "(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)";

    [Fact]
    public void Refuses_ARegexOverEveryUnboundedString_OfAnUnboundedList()
    {
        var crd = WithSpec("""
            {"type":"object","properties":{"names":{"type":"array","items":{"type":"string"},
              "x-kubernetes-validations":[{"rule":"self.all(x, x.matches('^[a-z]+$'))"}]}}}
            """);

        Assert.Equal(
            [
                $"{Spec}.properties[names].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x {Advice}",
                $"{Spec}.properties[names].x-kubernetes-validations[0].rule: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema",
                $"{Root}: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x {Advice}",
            ],
            Problems(crd));
    }

    [Fact]
    public void Accepts_TheSameRule_OnceListAndStringsAreBounded()
    {
        var crd = WithSpec("""
            {"type":"object","properties":{"names":{"type":"array","maxItems":10,"items":{"type":"string","maxLength":64},
              "x-kubernetes-validations":[{"rule":"self.all(x, x.matches('^[a-z]+$'))"}]}}}
            """);

        Assert.Empty(Problems(crd));
    }

    [Theory]
    [InlineData(20, "1.048576x")]
    [InlineData(40, "1.9x")]
    public void Multiplies_ARuleOnListItems_ByHowManyItemsFitInARequest(int maxLength, string factor)
    {
        // Unbounded list: the rule may run once per item that fits into 3 MiB ("x" is 3 bytes).
        var crd = WithSpec("""{"type":"object","properties":{"names":{"type":"array","items":{"type":"string","maxLength":"""
            + maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + ""","x-kubernetes-validations":[{"rule":"self.matches('^a')"}]}}}}""");

        Assert.Equal([$"{Spec}.properties[names].items.x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of {factor} {Advice}"], Problems(crd));
    }
}
