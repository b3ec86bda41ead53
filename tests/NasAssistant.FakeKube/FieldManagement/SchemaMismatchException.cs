namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>A value does not fit its structured-merge-diff schema (typed.ValidationErrors).</summary>
internal sealed class SchemaMismatchException : Exception
{
    public SchemaMismatchException(string message)
        : base(message)
    {
    }
}
