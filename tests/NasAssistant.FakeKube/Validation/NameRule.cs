namespace NasAssistant.FakeKube.Validation;

/// <summary>A ValidateNameFunc: the messages for a name, or for a generateName prefix when <c>prefix</c> is true.</summary>
internal delegate List<string> NameRule(string name, bool prefix);
