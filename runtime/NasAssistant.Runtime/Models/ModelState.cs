namespace NasAssistant.Runtime.Models;

/// <summary>Where the served model is in its life.</summary>
internal enum ModelState
{
    /// <summary>Being verified and loaded.</summary>
    Loading,

    /// <summary>Verified, loaded and serving.</summary>
    Ready,

    /// <summary>Missing, wrong digest or unloadable; the reason is logged and shown in metadata.</summary>
    Failed,
}
