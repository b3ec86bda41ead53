using System.Reflection;

namespace NasAssistant.Operator.Api.Schema;

/// <summary>The schema attributes of a property: declared on it, or given by <see cref="KubernetesFieldSchema"/> for a Kubernetes type.</summary>
internal static class SchemaAttributes
{
    public static T? Get<T>(PropertyInfo property)
        where T : Attribute =>
        property.GetCustomAttribute<T>() ?? KubernetesFieldSchema.For(property).OfType<T>().FirstOrDefault();
}
