namespace NasAssistant.Operator.Reconciliation;

/// <summary>A child the API server refused (400, 403 or 422), with its explanation.</summary>
/// <param name="Child">Kind and name, e.g. <c>PersistentVolumeClaim family-sessions</c>.</param>
/// <param name="Code">The HTTP status code of the answer.</param>
/// <param name="Message">The API server's message and causes.</param>
internal sealed record ChildRejection(string Child, int Code, string Message)
{
    public override string ToString() => $"{Child} was refused ({Code}): {Message}";
}
