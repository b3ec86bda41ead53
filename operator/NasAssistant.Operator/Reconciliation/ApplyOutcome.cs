namespace NasAssistant.Operator.Reconciliation;

/// <summary>What the apply helper did with one child.</summary>
internal enum ApplyOutcome
{
    /// <summary>The child did not exist and was created.</summary>
    Created,

    /// <summary>The child differed from what the operator wants and was applied.</summary>
    Updated,

    /// <summary>The child already matched; nothing was written.</summary>
    Unchanged,

    /// <summary>An object of that name belongs to someone else; it was not touched.</summary>
    OwnedByOther,

    /// <summary>The API server refused the child (400, 403 or 422); see <see cref="ApplyResult.Rejection"/>.</summary>
    Rejected,
}
