using k8s;

namespace NasAssistant.Operator.Json;

/// <summary>Puts <see cref="OperatorJsonContext"/> first in <see cref="KubernetesJson"/>'s resolver chain, once per process.</summary>
internal static class OperatorJson
{
    private static int _installed;

    /// <summary>
    /// Called first by the program (<c>OperatorCommandLine.Run</c>) and by test hosts' module initializers: KubernetesJson's
    /// options freeze at their first use, so this must come before anything serializes.
    /// </summary>
    public static void Install() => Install(reflection: true);

    /// <summary>
    /// With <paramref name="reflection"/> false, KubernetesClient's reflection fallback is taken out of the chain, as the
    /// Native AOT build has none: the JIT tests then fail where the AOT build would, on any type without a contract.
    /// </summary>
    public static void Install(bool reflection)
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            KubernetesJson.AddJsonOptions(options =>
            {
                if (reflection)
                {
                    options.TypeInfoResolverChain.Insert(0, OperatorJsonContext.Default);
                }
                else
                {
                    // KubernetesClient's resolver combines its generated contracts with reflection; keep the contracts only.
                    options.TypeInfoResolverChain.Clear();
                    options.TypeInfoResolverChain.Add(OperatorJsonContext.Default);
                    options.TypeInfoResolverChain.Add(SourceGenerationContext.Default);
                }
            });
        }
    }
}
