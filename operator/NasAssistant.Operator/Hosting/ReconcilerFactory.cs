using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Controller;

namespace NasAssistant.Operator.Hosting;

/// <summary>Builds the reconciler the controller's workers call, from the host's client, settings, clock and logging.</summary>
internal delegate IReconciler ReconcilerFactory(KubeApi client, OperatorSettings settings, TimeProvider time, ILoggerFactory loggerFactory);
