using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>A kind's strategy validation: what the real server checks on create and on update.</summary>
internal interface IKindValidator
{
    List<FieldError> Validate(JsonObject obj);

    List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old);
}
