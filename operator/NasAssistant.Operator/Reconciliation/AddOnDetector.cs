using k8s;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>Tells whether an optional add-on (cert-manager, Prometheus Operator) is installed, by its CRD.</summary>
internal sealed class AddOnDetector(IKubernetes client)
{
    public async Task<bool> IsInstalledAsync(string crdName, CancellationToken cancellationToken)
    {
        var crd = await ApiErrors.ReadOrNullAsync(() => client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crdName, cancellationToken: cancellationToken));
        return crd is not null;
    }
}
