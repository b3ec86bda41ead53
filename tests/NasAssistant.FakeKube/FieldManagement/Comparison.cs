namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>What changed between two objects (typed/compare.go Comparison); no field is in two sets.</summary>
internal sealed record Comparison(FieldSet Removed, FieldSet Modified, FieldSet Added)
{
    /// <summary>ExcludeFields: drops the given fields and everything under them.</summary>
    public Comparison Excluding(FieldSet? fields) => fields is null || fields.IsEmpty
        ? this
        : new Comparison(Removed.RecursiveDifference(fields), Modified.RecursiveDifference(fields), Added.RecursiveDifference(fields));
}
