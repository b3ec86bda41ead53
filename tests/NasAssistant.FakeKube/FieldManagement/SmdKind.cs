namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>The atoms of a structured-merge-diff schema; Deduced takes its shape from the value.</summary>
internal enum SmdKind
{
    Scalar,
    List,
    Map,
    Deduced,
}
