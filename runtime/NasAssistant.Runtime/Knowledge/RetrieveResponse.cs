namespace NasAssistant.Runtime.Knowledge;

/// <summary>Answer of <c>POST /v1/retrieve</c>: the best passages, best first.</summary>
/// <param name="Object">Always <c>list</c>, as OpenAI's list answers.</param>
/// <param name="Data">The passages.</param>
/// <param name="Model">The embedding model that ranked them.</param>
internal sealed record RetrieveResponse(string Object, IReadOnlyList<RetrievedPassage> Data, string Model);
