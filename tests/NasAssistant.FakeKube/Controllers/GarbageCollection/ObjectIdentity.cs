namespace NasAssistant.FakeKube.Controllers.GarbageCollection;

/// <summary>
/// Who a node of the dependency graph is: the coordinates an ownerReference uses plus the namespace
/// (the garbage collector's objectReference).
/// </summary>
internal sealed record ObjectIdentity(string ApiVersion, string Kind, string Namespace, string Name, string Uid);
