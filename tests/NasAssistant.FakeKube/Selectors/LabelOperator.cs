namespace NasAssistant.FakeKube.Selectors;

/// <summary>Label selector operators the API server accepts.</summary>
internal enum LabelOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
