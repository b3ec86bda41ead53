using static NasAssistant.FakeKube.Schema.BuiltIn.TypeTags;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// Markers of the apiextensions.k8s.io/v1 types
/// (staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/types.go, types_jsonschema.go).
/// </summary>
internal static class ApiextensionsV1Tags
{
    public const string Package = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";

    public static IEnumerable<TypeTags> All =>
    [
        Of(Package + "CustomResourceDefinition", F("spec").Required().Struct(), F("status").Struct()),
        Of(Package + "CustomResourceDefinitionSpec",
            F("group").Required(),
            F("names").Required().Struct(),
            F("scope").Required(),
            F("versions").Required().AtomicList().NullWhenZero()),
        Of(Package + "CustomResourceDefinitionNames",
            F("plural").Required(),
            F("kind").Required(),
            F("shortNames").AtomicList(),
            F("categories").AtomicList()),
        Of(Package + "CustomResourceDefinitionVersion",
            F("name").Required(),
            F("served").Required(),
            F("storage").Required(),
            F("additionalPrinterColumns").AtomicList(),
            F("selectableFields").AtomicList()),
        Of(Package + "CustomResourceDefinitionStatus",
            F("conditions").MapList("type").NullWhenZero(),
            F("acceptedNames").Struct(),
            F("storedVersions").AtomicList().NullWhenZero()),
        Of(Package + "CustomResourceDefinitionCondition", F("type").Required(), F("status").Required()),
        Of(Package + "CustomResourceColumnDefinition", F("name").Required(), F("type").Required(), F("jsonPath").Required()),
        Of(Package + "CustomResourceConversion", F("strategy").Required()),
        Of(Package + "WebhookConversion", F("conversionReviewVersions").Required().AtomicList()),
        Of(Package + "CustomResourceSubresourceScale", F("specReplicasPath").Required(), F("statusReplicasPath").Required()),
        Of(Package + "SelectableField", F("jsonPath").Required()),
        Of(Package + "ValidationRule", F("rule").Required()),
        Of(Package + "JSONSchemaProps",
            F("required").AtomicList(),
            F("enum").AtomicList(),
            F("allOf").AtomicList(),
            F("oneOf").AtomicList(),
            F("anyOf").AtomicList(),
            F("x-kubernetes-list-map-keys").AtomicList(),
            F("x-kubernetes-validations").MapList("rule").Merge("rule")),
    ];
}
