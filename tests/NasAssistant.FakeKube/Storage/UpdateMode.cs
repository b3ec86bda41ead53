namespace NasAssistant.FakeKube.Storage;

/// <summary>Which part of an object an update may change.</summary>
internal enum UpdateMode
{
    /// <summary>The main resource: everything but status when the kind has a status subresource.</summary>
    Main,

    /// <summary>The <c>/status</c> subresource: only status.</summary>
    Status,

    /// <summary>Direct store access from tests and simulated controllers: spec and status alike.</summary>
    Full,
}
