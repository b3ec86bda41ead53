using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using static NasAssistant.FakeKube.Printing.ObjectFields;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// Printers of Deployment, StatefulSet, HorizontalPodAutoscaler, PodDisruptionBudget and Scale
/// (printDeployment, printStatefulSet, printHorizontalPodAutoscaler, printPodDisruptionBudget, printScale).
/// </summary>
internal static class WorkloadPrinters
{
    private static readonly TableColumn Containers = new("Containers", "string", "Names of each container in the template.", Priority: 1);
    private static readonly TableColumn Images = new("Images", "string", "Images referenced by each container in the template.", Priority: 1);

    public static Printer Deployment { get; } = new(
        [
            TableColumn.ObjectName,
            new("Ready", "string", "Number of the pod with ready state"),
            new("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            new("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            TableColumn.Age,
            Containers,
            Images,
            new("Selector", "string", "Label selector for pods.", Priority: 1),
        ],
        (obj, now) =>
        {
            var (names, images) = ContainerCells(At(obj, "spec", "template", "spec"));
            return
            [
                Meta.Name(obj), Ratio(Number(obj, "status", "readyReplicas"), Number(obj, "spec", "replicas")),
                Number(obj, "status", "updatedReplicas"), Number(obj, "status", "availableReplicas"), Age(obj, now),
                names, images, SelectorString(At(obj, "spec", "selector")),
            ];
        });

    public static Printer StatefulSet { get; } = new(
        [TableColumn.ObjectName, new("Ready", "string", "Number of the pod with ready state"), TableColumn.Age, Containers, Images],
        (obj, now) =>
        {
            var (names, images) = ContainerCells(At(obj, "spec", "template", "spec"));
            return [Meta.Name(obj), Ratio(Number(obj, "status", "readyReplicas"), Number(obj, "spec", "replicas")), Age(obj, now), names, images];
        });

    public static Printer PodDisruptionBudget { get; } = new(
        [
            TableColumn.ObjectName,
            new("Min Available", "string", "The minimum number of pods that must be available."),
            new("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
            new("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
            TableColumn.Age,
        ],
        (obj, now) =>
        [
            Meta.Name(obj), OrNotApplicable(At(obj, "spec", "minAvailable")), OrNotApplicable(At(obj, "spec", "maxUnavailable")),
            Number(obj, "status", "disruptionsAllowed"), Age(obj, now),
        ]);

    public static Printer HorizontalPodAutoscaler { get; } = new(
        [
            TableColumn.ObjectName,
            new("Reference", "string", "reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource."),
            new("Targets", "string", "metrics contains the specifications for which to use to calculate the desired replica count."),
            new("MinPods", "string", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
            new("MaxPods", "string", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."),
            new("Replicas", "string", "currentReplicas is current number of replicas of pods managed by this autoscaler."),
            TableColumn.Age,
        ],
        (obj, now) =>
        {
            var minPods = At(obj, "spec", "minReplicas") is null ? "<unset>" : Number(obj, "spec", "minReplicas").ToString(CultureInfo.InvariantCulture);
            return
            [
                Meta.Name(obj), $"{Text(obj, "spec", "scaleTargetRef", "kind")}/{Text(obj, "spec", "scaleTargetRef", "name")}",
                HorizontalPodAutoscalerMetrics.Format(Items(obj, "spec", "metrics"), Items(obj, "status", "currentMetrics")),
                minPods, Number(obj, "spec", "maxReplicas"), Number(obj, "status", "currentReplicas"), Age(obj, now),
            ];
        });

    // printScale: the scale subresource's own table.
    public static Printer Scale { get; } = new(
        [
            new("Name", "string", TableColumn.NameDescription),
            new("Desired", "integer", "desired number of instances for the scaled object."),
            new("Available", "integer", "actual number of observed instances of the scaled object."),
            TableColumn.Age,
        ],
        (obj, now) => [Meta.Name(obj), Number(obj, "spec", "replicas"), Number(obj, "status", "replicas"), Age(obj, now)]);

    private static string Ratio(long ready, long desired) =>
        $"{ready.ToString(CultureInfo.InvariantCulture)}/{desired.ToString(CultureInfo.InvariantCulture)}";

    private static string OrNotApplicable(JsonNode? intOrString) => intOrString is null ? "N/A" : IntOrString(intOrString);
}
