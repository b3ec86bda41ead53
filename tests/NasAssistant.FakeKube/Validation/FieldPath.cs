using System.Globalization;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// A field path as k8s.io/apimachinery's <c>field.Path</c> prints it: <c>spec.containers[0].ports[1]</c>,
/// map keys in brackets (<c>metadata.labels[app]</c>).
/// </summary>
internal sealed record FieldPath(string Value)
{
    public static FieldPath Root(string name) => new(name);

    public FieldPath Child(string name) => new(Value.Length == 0 ? name : $"{Value}.{name}");

    public FieldPath Child(string name, string next) => Child(name).Child(next);

    public FieldPath Index(int index) => new($"{Value}[{index.ToString(CultureInfo.InvariantCulture)}]");

    public FieldPath Key(string key) => new($"{Value}[{key}]");

    public static implicit operator string(FieldPath path) => path.Value;

    public override string ToString() => Value;
}
