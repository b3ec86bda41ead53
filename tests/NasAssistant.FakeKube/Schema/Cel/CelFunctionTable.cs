namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// The functions and operators of the Kubernetes CEL environment for CRD rules, with the overload
/// ids cel-go uses (<c>k8s.io/apiserver/pkg/cel/environment/base.go</c>): the CEL standard library
/// with cross-type numeric comparisons, optional types, the string extensions (version 2), sets,
/// two-variable comprehensions, and the Kubernetes libraries (lists, regex, URLs, quantity, IP,
/// CIDR, format, semver, image).
/// </summary>
internal sealed class CelFunctionTable
{
    private static readonly CelType A = CelType.Param("A");
    private static readonly CelType B = CelType.Param("B");
    private static readonly CelType Bool = CelType.Bool;
    private static readonly CelType Int = CelType.Int;
    private static readonly CelType Uint = CelType.Uint;
    private static readonly CelType Double = CelType.Double;
    private static readonly CelType Str = CelType.String;
    private static readonly CelType Bytes = CelType.Bytes;
    private static readonly CelType Timestamp = CelType.Timestamp;
    private static readonly CelType Duration = CelType.Duration;
    private static readonly CelType Url = CelType.Opaque("kubernetes.URL");
    private static readonly CelType Quantity = CelType.Opaque("kubernetes.Quantity");
    private static readonly CelType Ip = CelType.Opaque("net.IP");
    private static readonly CelType Cidr = CelType.Opaque("net.CIDR");
    private static readonly CelType Format = CelType.Opaque("kubernetes.NamedFormat");
    private static readonly CelType Semver = CelType.Opaque("kubernetes.Semver");
    private static readonly CelType Image = CelType.Opaque("kubernetes.Image");

    private readonly Dictionary<string, List<CelOverload>> _functions = new(StringComparer.Ordinal);

    private CelFunctionTable()
    {
        Operators();
        Comparisons();
        Conversions();
        StandardFunctions();
        StringExtensions();
        KubernetesLists();
        KubernetesLibraries();
        OptionalTypes();
    }

    public static CelFunctionTable Kubernetes { get; } = new();

    public IReadOnlyList<CelOverload>? Find(string name) => _functions.GetValueOrDefault(name);

    private static CelType ListOf(CelType element) => CelType.List(element);

    private static CelType MapOf(CelType key, CelType value) => CelType.Map(key, value);

    private static CelType Opt(CelType value) => CelType.Optional(value);

    private void Global(string name, string id, CelType result, params CelType[] args) => Add(name, new CelOverload(id, false, args, result));

    private void Member(string name, string id, CelType result, params CelType[] args) => Add(name, new CelOverload(id, true, args, result));

    private void Add(string name, CelOverload overload)
    {
        if (!_functions.TryGetValue(name, out var overloads))
        {
            _functions[name] = overloads = [];
        }

        overloads.Add(overload);
    }

    private void Operators()
    {
        Global("_?_:_", "conditional", A, Bool, A, A);
        Global("_&&_", "logical_and", Bool, Bool, Bool);
        Global("_||_", "logical_or", Bool, Bool, Bool);
        Global("!_", "logical_not", Bool, Bool);
        Global("@not_strictly_false", "not_strictly_false", Bool, Bool);
        Global("_==_", "equals", Bool, A, A);
        Global("_!=_", "not_equals", Bool, A, A);
        Global("_+_", "add_bytes", Bytes, Bytes, Bytes);
        Global("_+_", "add_double", Double, Double, Double);
        Global("_+_", "add_duration_duration", Duration, Duration, Duration);
        Global("_+_", "add_duration_timestamp", Timestamp, Duration, Timestamp);
        Global("_+_", "add_timestamp_duration", Timestamp, Timestamp, Duration);
        Global("_+_", "add_int64", Int, Int, Int);
        Global("_+_", "add_list", ListOf(A), ListOf(A), ListOf(A));
        Global("_+_", "add_string", Str, Str, Str);
        Global("_+_", "add_uint64", Uint, Uint, Uint);
        Global("_-_", "subtract_double", Double, Double, Double);
        Global("_-_", "subtract_duration_duration", Duration, Duration, Duration);
        Global("_-_", "subtract_int64", Int, Int, Int);
        Global("_-_", "subtract_timestamp_duration", Timestamp, Timestamp, Duration);
        Global("_-_", "subtract_timestamp_timestamp", Duration, Timestamp, Timestamp);
        Global("_-_", "subtract_uint64", Uint, Uint, Uint);
        foreach (var (op, name) in new[] { ("_*_", "multiply"), ("_/_", "divide") })
        {
            Global(op, name + "_double", Double, Double, Double);
            Global(op, name + "_int64", Int, Int, Int);
            Global(op, name + "_uint64", Uint, Uint, Uint);
        }

        Global("_%_", "modulo_int64", Int, Int, Int);
        Global("_%_", "modulo_uint64", Uint, Uint, Uint);
        Global("-_", "negate_double", Double, Double);
        Global("-_", "negate_int64", Int, Int);
        Global("_[_]", "index_list", A, ListOf(A), Int);
        Global("_[_]", "index_map", B, MapOf(A, B), A);
        Global("@in", "in_list", Bool, A, ListOf(A));
        Global("@in", "in_map", Bool, A, MapOf(A, B));
        Global("cel.@mapInsert", "cel_@mapInsert_map_key_value", MapOf(A, B), MapOf(A, B), A, B);
        Global("cel.@mapInsert", "cel_@mapInsert_map_map", MapOf(A, B), MapOf(A, B), MapOf(A, B));
    }

    // Ordering overloads, including the cross-type numeric ones (cel.CrossTypeNumericComparisons, Kubernetes 1.28+).
    private void Comparisons()
    {
        var sameType = new[] { ("bool", Bool), ("int64", Int), ("uint64", Uint), ("double", Double), ("string", Str), ("bytes", Bytes), ("timestamp", Timestamp), ("duration", Duration) };
        var crossType = new[] { ("int64_double", Int, Double), ("int64_uint64", Int, Uint), ("uint64_double", Uint, Double), ("uint64_int64", Uint, Int), ("double_int64", Double, Int), ("double_uint64", Double, Uint) };
        foreach (var (op, prefix) in new[] { ("_<_", "less"), ("_<=_", "less_equals"), ("_>_", "greater"), ("_>=_", "greater_equals") })
        {
            foreach (var (suffix, type) in sameType)
            {
                Global(op, $"{prefix}_{suffix}", Bool, type, type);
            }

            foreach (var (suffix, left, right) in crossType)
            {
                Global(op, $"{prefix}_{suffix}", Bool, left, right);
            }
        }
    }

    private void Conversions()
    {
        Global("int", "int64_to_int64", Int, Int);
        Global("int", "uint64_to_int64", Int, Uint);
        Global("int", "double_to_int64", Int, Double);
        Global("int", "string_to_int64", Int, Str);
        Global("int", "timestamp_to_int64", Int, Timestamp);
        Global("uint", "uint64_to_uint64", Uint, Uint);
        Global("uint", "int64_to_uint64", Uint, Int);
        Global("uint", "double_to_uint64", Uint, Double);
        Global("uint", "string_to_uint64", Uint, Str);
        Global("double", "double_to_double", Double, Double);
        Global("double", "int64_to_double", Double, Int);
        Global("double", "uint64_to_double", Double, Uint);
        Global("double", "string_to_double", Double, Str);
        Global("string", "string_to_string", Str, Str);
        Global("string", "int64_to_string", Str, Int);
        Global("string", "uint64_to_string", Str, Uint);
        Global("string", "double_to_string", Str, Double);
        Global("string", "bool_to_string", Str, Bool);
        Global("string", "bytes_to_string", Str, Bytes);
        Global("string", "timestamp_to_string", Str, Timestamp);
        Global("string", "duration_to_string", Str, Duration);
        Global("string", "ip_to_string", Str, Ip);
        Global("string", "cidr_to_string", Str, Cidr);
        Global("bytes", "bytes_to_bytes", Bytes, Bytes);
        Global("bytes", "string_to_bytes", Bytes, Str);
        Global("bool", "bool_to_bool", Bool, Bool);
        Global("bool", "string_to_bool", Bool, Str);
        Global("timestamp", "timestamp_to_timestamp", Timestamp, Timestamp);
        Global("timestamp", "string_to_timestamp", Timestamp, Str);
        Global("timestamp", "int64_to_timestamp", Timestamp, Int);
        Global("duration", "duration_to_duration", Duration, Duration);
        Global("duration", "string_to_duration", Duration, Str);
        Global("duration", "int64_to_duration", Duration, Int);
        Global("dyn", "to_dyn", CelType.Dyn, A);
        Global("type", "type", CelType.TypeOf(A), A);
    }

    private void StandardFunctions()
    {
        Global("size", "size_bytes", Int, Bytes);
        Global("size", "size_list", Int, ListOf(A));
        Global("size", "size_map", Int, MapOf(A, B));
        Global("size", "size_string", Int, Str);
        Member("size", "bytes_size", Int, Bytes);
        Member("size", "list_size", Int, ListOf(A));
        Member("size", "map_size", Int, MapOf(A, B));
        Member("size", "string_size", Int, Str);
        Member("contains", "contains_string", Bool, Str, Str);
        Member("endsWith", "ends_with_string", Bool, Str, Str);
        Member("startsWith", "starts_with_string", Bool, Str, Str);
        Global("matches", "matches", Bool, Str, Str);
        Member("matches", "matches_string", Bool, Str, Str);
        foreach (var accessor in new[] { "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours", "getMinutes", "getSeconds", "getMilliseconds" })
        {
            Member(accessor, $"timestamp_{accessor}", Int, Timestamp);
            Member(accessor, $"timestamp_{accessor}_with_tz", Int, Timestamp, Str);
        }

        foreach (var accessor in new[] { "getHours", "getMinutes", "getSeconds", "getMilliseconds" })
        {
            Member(accessor, $"duration_{accessor}", Int, Duration);
        }
    }

    // ext.Strings(ext.StringsVersion(2))
    private void StringExtensions()
    {
        Member("charAt", "string_char_at_int", Str, Str, Int);
        Member("indexOf", "string_index_of_string", Int, Str, Str);
        Member("indexOf", "string_index_of_string_int", Int, Str, Str, Int);
        Member("lastIndexOf", "string_last_index_of_string", Int, Str, Str);
        Member("lastIndexOf", "string_last_index_of_string_int", Int, Str, Str, Int);
        Member("lowerAscii", "string_lower_ascii", Str, Str);
        Member("upperAscii", "string_upper_ascii", Str, Str);
        Member("replace", "string_replace_string_string", Str, Str, Str, Str);
        Member("replace", "string_replace_string_string_int", Str, Str, Str, Str, Int);
        Member("split", "string_split_string", ListOf(Str), Str, Str);
        Member("split", "string_split_string_int", ListOf(Str), Str, Str, Int);
        Member("substring", "string_substring_int", Str, Str, Int);
        Member("substring", "string_substring_int_int", Str, Str, Int, Int);
        Member("trim", "string_trim", Str, Str);
        Member("join", "list_join", Str, ListOf(Str));
        Member("join", "list_join_string", Str, ListOf(Str), Str);
        Member("format", "string_format", Str, Str, ListOf(CelType.Dyn));
        Global("strings.quote", "strings_quote", Str, Str);
        Global("sets.contains", "list_sets_contains_list", Bool, ListOf(A), ListOf(A));
        Global("sets.equivalent", "list_sets_equivalent_list", Bool, ListOf(A), ListOf(A));
        Global("sets.intersects", "list_sets_intersects_list", Bool, ListOf(A), ListOf(A));
    }

    // library.Lists (k8s.io/apiserver/pkg/cel/library/lists.go)
    private void KubernetesLists()
    {
        var comparable = new[] { ("int", Int), ("uint", Uint), ("double", Double), ("bool", Bool), ("duration", Duration), ("timestamp", Timestamp), ("string", Str), ("bytes", Bytes) };
        foreach (var (name, type) in comparable)
        {
            Member("isSorted", $"list_{name}_is_sorted_bool", Bool, ListOf(type));
            Member("min", $"list_{name}_min_{name}", type, ListOf(type));
            Member("max", $"list_{name}_max_{name}", type, ListOf(type));
        }

        foreach (var (name, type) in new[] { ("int", Int), ("uint", Uint), ("double", Double), ("duration", Duration) })
        {
            Member("sum", $"list_{name}_sum_{name}", type, ListOf(type));
        }

        Member("indexOf", "list_a_index_of_int", Int, ListOf(A), A);
        Member("lastIndexOf", "list_a_last_index_of_int", Int, ListOf(A), A);
    }

    private void KubernetesLibraries()
    {
        // library.Regex
        Member("find", "string_find_string", Str, Str, Str);
        Member("findAll", "string_find_all_string", ListOf(Str), Str, Str);
        Member("findAll", "string_find_all_string_int", ListOf(Str), Str, Str, Int);

        // library.URLs
        Global("url", "string_to_url", Url, Str);
        Global("isURL", "is_url_string", Bool, Str);
        foreach (var accessor in new[] { "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath" })
        {
            Member(accessor, $"url_{accessor}", Str, Url);
        }

        Member("getQuery", "url_get_query", MapOf(Str, ListOf(Str)), Url);

        // library.Quantity
        Global("quantity", "string_to_quantity", Quantity, Str);
        Global("isQuantity", "is_quantity_string", Bool, Str);
        Member("isInteger", "quantity_is_integer", Bool, Quantity);
        Member("asInteger", "quantity_get_int", Int, Quantity);
        Member("asApproximateFloat", "quantity_get_float", Double, Quantity);
        Member("sign", "quantity_get_sign", Int, Quantity);
        Member("add", "quantity_add", Quantity, Quantity, Quantity);
        Member("add", "quantity_add_int", Quantity, Quantity, Int);
        Member("sub", "quantity_sub", Quantity, Quantity, Quantity);
        Member("sub", "quantity_sub_int", Quantity, Quantity, Int);
        Member("isGreaterThan", "quantity_is_greater_than", Bool, Quantity, Quantity);
        Member("isLessThan", "quantity_less_than", Bool, Quantity, Quantity);
        Member("compareTo", "quantity_compare_to", Int, Quantity, Quantity);

        // library.IP and library.CIDR
        Global("ip", "string_to_ip", Ip, Str);
        Global("isIP", "is_ip", Bool, Str);
        Global("ip.isCanonical", "ip_is_canonical", Bool, Str);
        Member("family", "ip_family", Int, Ip);
        foreach (var test in new[] { "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast", "isGlobalUnicast" })
        {
            Member(test, $"ip_{test}", Bool, Ip);
        }

        Global("cidr", "string_to_cidr", Cidr, Str);
        Global("isCIDR", "is_cidr", Bool, Str);
        Member("containsIP", "cidr_contains_ip_ip", Bool, Cidr, Ip);
        Member("containsIP", "cidr_contains_ip_string", Bool, Cidr, Str);
        Member("containsCIDR", "cidr_contains_cidr", Bool, Cidr, Cidr);
        Member("containsCIDR", "cidr_contains_cidr_string", Bool, Cidr, Str);
        Member("ip", "cidr_ip", Ip, Cidr);
        Member("masked", "cidr_masked", Cidr, Cidr);
        Member("prefixLength", "cidr_prefix_length", Int, Cidr);

        // library.Format
        Global("format.named", "format-named", Opt(Format), Str);
        foreach (var name in new[] { "dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "dns1123LabelPrefix", "dns1123SubdomainPrefix", "dns1035LabelPrefix", "labelValue", "uri", "uuid", "byte", "date", "datetime" })
        {
            Global("format." + name, "format-" + name, Format);
        }

        Member("validate", "format-validate", Opt(ListOf(Str)), Format, Str);

        // library.SemverLib
        Global("semver", "string_to_semver", Semver, Str);
        Global("semver", "string_bool_to_semver", Semver, Str, Bool);
        Global("isSemver", "is_semver_string", Bool, Str);
        Global("isSemver", "is_semver_string_bool", Bool, Str, Bool);
        Member("major", "semver_major", Int, Semver);
        Member("minor", "semver_minor", Int, Semver);
        Member("patch", "semver_patch", Int, Semver);
        Member("isGreaterThan", "semver_is_greater_than", Bool, Semver, Semver);
        Member("isLessThan", "semver_is_less_than", Bool, Semver, Semver);
        Member("compareTo", "semver_compare_to", Int, Semver, Semver);

        // library.Image
        Global("image", "string_to_image", Image, Str);
        Global("isImage", "is_image_string", Bool, Str);
        Member("containsDigest", "image_contains_digest", Bool, Image);
        foreach (var part in new[] { "registry", "repository", "identifier", "tag", "digest" })
        {
            Member(part, $"image_{part}", Str, Image);
        }
    }

    // cel.OptionalTypes
    private void OptionalTypes()
    {
        Global("optional.of", "optional_of", Opt(A), A);
        Global("optional.ofNonZeroValue", "optional_ofNonZeroValue", Opt(A), A);
        Global("optional.none", "optional_none", Opt(A));
        Member("hasValue", "optional_hasValue", Bool, Opt(A));
        Member("value", "optional_value", A, Opt(A));
        Member("orValue", "optional_orValue_value", A, Opt(A), A);
        Member("or", "optional_or_optional", Opt(A), Opt(A), Opt(A));
        Global("_[?_]", "list_optindex_optional_int", Opt(A), ListOf(A), Int);
        Global("_[?_]", "optional_list_optindex_optional_int", Opt(A), Opt(ListOf(A)), Int);
        Global("_[?_]", "map_optindex_optional_value", Opt(B), MapOf(A, B), A);
        Global("_[?_]", "optional_map_optindex_optional_value", Opt(B), Opt(MapOf(A, B)), A);
        Global("_[_]", "optional_list_index_int", Opt(A), Opt(ListOf(A)), Int);
        Global("_[_]", "optional_map_index_value", Opt(B), Opt(MapOf(A, B)), A);
    }
}
