namespace NasAssistant.Gateway.Delivery;

/// <summary>The commands every channel understands, where its platform lets people type them.</summary>
internal enum ChatCommand
{
    /// <summary>Not a command: a question for the assistant.</summary>
    None,

    /// <summary><c>/start</c>: a greeting that says what the assistant does.</summary>
    Start,

    /// <summary><c>/new</c>: start a fresh conversation.</summary>
    New,

    /// <summary><c>/sources</c>: the citations of the last answer.</summary>
    Sources,
}
