using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Inference;

/// <summary>Generic (raw tensor) serving over KServe v2 against the ONNX backend test data's reference outputs.</summary>
public sealed class OnnxConformanceTests
{
    public static TheoryData<string> Cases => new()
    {
        "test_abs", "test_add", "test_add_uint8", "test_and2d", "test_argmax_default_axis_example",
        "test_cast_FLOAT16_to_FLOAT", "test_cast_FLOAT_to_DOUBLE", "test_cast_FLOAT_to_FLOAT16", "test_concat_2d_axis_0",
        "test_conv_with_strides_padding", "test_equal", "test_gather_0", "test_gemm_default_single_elem_vector_bias",
        "test_identity", "test_less_bcast", "test_matmul_2d", "test_max_int32", "test_max_float64", "test_max_int8", "test_max_uint64",
        "test_max_uint8", "test_mul_uint8", "test_neg", "test_not_2d", "test_reduce_sum_default_axes_keepdims_example",
        "test_relu", "test_shape", "test_sigmoid", "test_size", "test_softmax_axis_1",
        "test_cast_STRING_to_FLOAT", "test_transpose_default", "test_where_example",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MetadataAndInfer_MatchTheReferenceOutputs(string name)
    {
        var model = OnnxTestData.Model(name);
        await using var server = await StartAsync(name, model);
        using var http = server.CreateClient();
        var inputs = OnnxTestData.Tensors(name, "input");
        var expected = OnnxTestData.Tensors(name, "output");

        var metadata = await http.GetFromJsonAsync<JsonElement>($"/v2/models/{name}");
        var inputSpecs = metadata.GetProperty("inputs").EnumerateArray().ToArray();
        var outputSpecs = metadata.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(inputs.Count, inputSpecs.Length);
        Assert.Equal(expected.Count, outputSpecs.Length);

        var request = new JsonObject
        {
            ["id"] = name,
            ["inputs"] = new JsonArray(inputs.Select((t, i) => (JsonNode)new JsonObject
            {
                ["name"] = t.Name.Length > 0 ? t.Name : inputSpecs[i].GetProperty("name").GetString(),
                ["datatype"] = TensorProtoFile.KServeType(t.DataType),
                ["shape"] = new JsonArray(t.Dims.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["data"] = new JsonArray(t.Values.Select(ToJson).ToArray()),
            }).ToArray()),
        };
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(TensorProtoFile.KServeType(inputs[i].DataType), inputSpecs[i].GetProperty("datatype").GetString());
        }

        using var response = await http.PostAsJsonAsync($"/v2/models/{name}/infer", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var outputs = JsonDocument.Parse(body).RootElement.GetProperty("outputs").EnumerateArray().ToArray();

        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i];
            var outputName = want.Name.Length > 0 ? want.Name : outputSpecs[i].GetProperty("name").GetString();
            var got = outputs.Single(o => o.GetProperty("name").GetString() == outputName);
            Assert.Equal(TensorProtoFile.KServeType(want.DataType), got.GetProperty("datatype").GetString());
            Assert.Equal(want.Dims, got.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
            var data = got.GetProperty("data").EnumerateArray().ToArray();
            Assert.Equal(want.Values.Length, data.Length);
            for (var j = 0; j < data.Length; j++)
            {
                AssertClose(want.Values[j], data[j], $"{outputName}[{j}]");
            }
        }
    }

    [Fact]
    public async Task RequestingOneOutput_ReturnsOnlyThatOutput()
    {
        const string name = "test_add";
        await using var server = await StartAsync(name, OnnxTestData.Model(name));
        using var http = server.CreateClient();

        var result = await (await http.PostAsJsonAsync($"/v2/models/{name}/infer", AddRequest("x", "FP32", [3, 4, 5], 60, outputs: ["sum"])))
            .Content.ReadFromJsonAsync<JsonElement>();

        var output = Assert.Single(result.GetProperty("outputs").EnumerateArray());
        Assert.Equal("sum", output.GetProperty("name").GetString());
    }

    public static TheoryData<string, JsonObject, string> Invalid => new()
    {
        { "wrong shape", AddRequest("x", "FP32", [3, 4, 6], 72), "'x'" },
        { "wrong rank", AddRequest("x", "FP32", [60], 60), "'x'" },
        { "wrong datatype", AddRequest("x", "FP64", [3, 4, 5], 60), "'x'" },
        { "data does not fill shape", AddRequest("x", "FP32", [3, 4, 5], 59), "'x'" },
        { "unknown input", AddRequest("z", "FP32", [3, 4, 5], 60), "'z'" },
        { "missing input", Only("x"), "'y'" },
        { "unknown output", AddRequest("x", "FP32", [3, 4, 5], 60, outputs: ["total"]), "'total'" },
        { "string where numbers belong", Strings("x"), "'x'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task InvalidTensor_Gets400NamingTheTensor(string name, JsonObject request, string tensor)
    {
        const string model = "test_add";
        await using var server = await StartAsync(model, OnnxTestData.Model(model));
        using var http = server.CreateClient();

        using var response = await http.PostAsJsonAsync($"/v2/models/{model}/infer", request);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(tensor, error, StringComparison.Ordinal);
        using var good = await http.PostAsJsonAsync($"/v2/models/{model}/infer", AddRequest("x", "FP32", [3, 4, 5], 60));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    private static async Task<EmbeddedServer> StartAsync(string name, string model)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(model)));
        var server = await EmbeddedServer.StartAsync(new RuntimeConfig
        {
            Model = new ModelConfig { Name = name, Task = ModelTask.Generic, Path = model, Sha256 = digest },
        });
        Assert.Equal(NasAssistant.Runtime.Models.ModelState.Ready, server.Server.ModelHost.State);
        return server;
    }

    private static JsonObject AddRequest(string firstName, string datatype, long[] shape, int count, string[]? outputs = null)
    {
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(
                Tensor(firstName, datatype, shape, count),
                Tensor("y", "FP32", [3, 4, 5], 60)),
        };
        if (outputs is not null)
        {
            request["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)new JsonObject { ["name"] = o }).ToArray());
        }

        return request;
    }

    private static JsonObject Only(string name) => new() { ["inputs"] = new JsonArray(Tensor(name, "FP32", [3, 4, 5], 60)) };

    private static JsonObject Strings(string name) => new()
    {
        ["inputs"] = new JsonArray(
            new JsonObject
            {
                ["name"] = name,
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(1),
                ["data"] = new JsonArray("one"),
            },
            Tensor("y", "FP32", [3, 4, 5], 60)),
    };

    private static JsonObject Tensor(string name, string datatype, long[] shape, int count) => new()
    {
        ["name"] = name,
        ["datatype"] = datatype,
        ["shape"] = new JsonArray(shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
        ["data"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)JsonValue.Create(i * 0.5)).ToArray()),
    };

    private static JsonNode? ToJson(object value) => value switch
    {
        double d when double.IsNaN(d) => "NaN",
        double d when double.IsPositiveInfinity(d) => "Infinity",
        double d when double.IsNegativeInfinity(d) => "-Infinity",
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    private static void AssertClose(object expected, JsonElement actual, string where)
    {
        switch (expected)
        {
            case double or float:
                var want = Convert.ToDouble(expected, System.Globalization.CultureInfo.InvariantCulture);
                var got = actual.ValueKind == JsonValueKind.String
                    ? double.Parse(actual.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    : actual.GetDouble();
                if (double.IsNaN(want))
                {
                    Assert.True(double.IsNaN(got), $"{where}: {got} is not NaN");
                }
                else if (double.IsInfinity(want))
                {
                    Assert.Equal(want, got);
                }
                else
                {
                    // The ONNX backend tests' own tolerance (rtol 1e-3, atol 1e-7).
                    Assert.True(Math.Abs(got - want) <= 1e-7 + (1e-3 * Math.Abs(want)), $"{where}: {got} vs {want}");
                }

                break;
            case long l:
                Assert.Equal(l, actual.GetInt64());
                break;
            case ulong u:
                Assert.Equal(u, actual.GetUInt64());
                break;
            case bool b:
                Assert.Equal(b, actual.GetBoolean());
                break;
            case string s:
                Assert.Equal(s, actual.GetString());
                break;
            default:
                throw new NotSupportedException(expected.GetType().Name);
        }
    }
}
