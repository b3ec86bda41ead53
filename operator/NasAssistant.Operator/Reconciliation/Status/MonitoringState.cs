namespace NasAssistant.Operator.Reconciliation.Status;

/// <summary>The MonitoringReady condition as the monitoring step found it.</summary>
internal sealed record MonitoringState(bool Ready, string Reason, string Message);
