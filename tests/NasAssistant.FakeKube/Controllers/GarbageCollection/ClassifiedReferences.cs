namespace NasAssistant.FakeKube.Controllers.GarbageCollection;

/// <summary>
/// An item's owner references as classifyReferences sorts them: owners that exist (solid), owners that
/// are gone (dangling), and owners deleted in the foreground that wait for their dependents.
/// </summary>
internal sealed record ClassifiedReferences(List<OwnerReference> Solid, List<OwnerReference> Dangling, List<OwnerReference> WaitingForDependentsDeletion);
