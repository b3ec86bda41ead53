namespace NasAssistant.Operator.Reconciliation;

/// <summary>What the apply helper did with one child.</summary>
internal enum ApplyOutcome
{
    /// <summary>The child did not exist and was created.</summary>
    Created,

    /// <summary>A field the operator owns differed and was written.</summary>
    Updated,

    /// <summary>The child already matched; nothing was written.</summary>
    Unchanged,

    /// <summary>An object of that name belongs to someone else; it was not touched.</summary>
    OwnedByOther,
}
