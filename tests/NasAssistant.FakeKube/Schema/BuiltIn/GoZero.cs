namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// How a field shows up in the zero value of its Go struct, which is what the real server's field
/// manager compares against (it works on typed Go objects, not on the JSON a client sent).
/// </summary>
internal enum GoZero
{
    /// <summary>Left out (omitempty, or a nil pointer with omitempty).</summary>
    Absent,

    /// <summary>A non-pointer struct: always present, as <c>{}</c> when empty.</summary>
    EmptyObject,

    /// <summary>A slice, map or pointer without omitempty: present as <c>null</c>.</summary>
    Null,
}
