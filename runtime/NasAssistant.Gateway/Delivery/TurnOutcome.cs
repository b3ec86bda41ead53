namespace NasAssistant.Gateway.Delivery;

/// <summary>What became of one message.</summary>
internal enum TurnOutcome
{
    /// <summary>Answered now (by the assistant or a command).</summary>
    Answered,

    /// <summary>Already answered before (a redelivery): nothing was sent.</summary>
    AlreadyAnswered,

    /// <summary>The platform refused the reply for good (the bot was blocked): given up, not retried.</summary>
    Undeliverable,

    /// <summary>From a stranger: refused politely (at most once per period), nothing stored.</summary>
    Refused,
}
