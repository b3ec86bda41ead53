namespace NasAssistant.Benchmarks;

/// <summary>What the gateway benchmark measured.</summary>
/// <param name="Direct">The chat request straight to the runtime, one at a time.</param>
/// <param name="ThroughGateway">The same questions through the broker and the gateway, one at a time.</param>
/// <param name="BrokerAlone">A message through the broker and back, one at a time.</param>
/// <param name="IdenticalAnswers">Questions of the one-at-a-time phase answered with the same text on both paths.</param>
/// <param name="DirectUnderLoad">The users asking at once, straight to the runtime.</param>
/// <param name="GatewayUnderLoad">The users asking at once, through the broker and the gateway.</param>
/// <param name="Memory">The gateway process's resident memory.</param>
/// <param name="GatewayCpuPerMessage">The gateway process's CPU time per message under load.</param>
internal sealed record GatewayFigures(
    LatencyReport Direct,
    LatencyReport ThroughGateway,
    LatencyReport BrokerAlone,
    int IdenticalAnswers,
    LatencyReport DirectUnderLoad,
    LatencyReport GatewayUnderLoad,
    GatewayMemory Memory,
    TimeSpan GatewayCpuPerMessage);
