using static NasAssistant.FakeKube.Schema.BuiltIn.TypeTags;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>Markers of the meta/v1 types (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go).</summary>
internal static class MetaV1Tags
{
    public const string Package = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    public static IEnumerable<TypeTags> All =>
    [
        // ObjectMeta: finalizers +listType=set patchStrategy=merge; ownerReferences +listType=map +listMapKey=uid
        // patchStrategy=merge patchMergeKey=uid; managedFields +listType=atomic.
        Of(Package + "ObjectMeta",
            F("finalizers").SetList().Merge(),
            F("ownerReferences").MapList("uid").Merge("uid"),
            F("managedFields").AtomicList()),

        // LabelSelector +structType=atomic; matchExpressions +listType=atomic.
        AtomicStruct(Package + "LabelSelector",
            F("matchExpressions").AtomicList()),
        Of(Package + "LabelSelectorRequirement",
            F("key").Required(),
            F("operator").Required(),
            F("values").AtomicList()),

        // OwnerReference +structType=atomic.
        AtomicStruct(Package + "OwnerReference",
            F("apiVersion").Required(),
            F("kind").Required(),
            F("name").Required(),
            F("uid").Required()),

        Of(Package + "Condition",
            F("type").Required(),
            F("status").Required(),
            F("lastTransitionTime").Required(),
            F("reason").Required(),
            F("message").Required()),
    ];
}
