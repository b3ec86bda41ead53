using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Runtime.Models;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Models;

public sealed class ModelFetcherTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly byte[] _model = File.ReadAllBytes(OnnxTestData.Model("test_matmul_2d"));
    private WebApplication _origin = null!;
    private int _downloads;

    private Uri Url { get; set; } = null!;

    private string Sha256 => Convert.ToHexStringLower(SHA256.HashData(_model));

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _origin = builder.Build();
        _origin.MapGet("/models/m.onnx", () =>
        {
            Interlocked.Increment(ref _downloads);
            return Results.Bytes(_model, "application/octet-stream");
        });
        await _origin.StartAsync();
        var address = _origin.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(new Uri(address), "/models/m.onnx");
    }

    [Fact]
    public async Task Fetch_DownloadsVerifiesAndPlacesTheFile_ThenSkipsWhenPresent()
    {
        var output = Path.Combine(_directory.Path, "sub", "m.onnx");
        using var http = new HttpClient();
        var fetcher = new ModelFetcher(http, NullLogger<ModelFetcher>.Instance);

        Assert.True(await fetcher.FetchAsync(Url, Sha256, output, CancellationToken.None));
        Assert.False(await fetcher.FetchAsync(Url, Sha256.ToUpperInvariant(), output, CancellationToken.None));

        Assert.Equal(_model, await File.ReadAllBytesAsync(output));
        Assert.Equal(1, _downloads);
        Assert.Equal(["m.onnx"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WrongDigest_LeavesNoFile_AndSaysBothDigests()
    {
        var output = _directory.File("m.onnx");
        using var http = new HttpClient();
        var fetcher = new ModelFetcher(http, NullLogger<ModelFetcher>.Instance);
        var wrong = new string('0', 64);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => fetcher.FetchAsync(Url, wrong, output, CancellationToken.None));

        Assert.Contains(Sha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public async Task ExistingFileWithWrongDigest_IsReplaced()
    {
        var output = _directory.File("m.onnx");
        await File.WriteAllTextAsync(output, "stale");
        using var http = new HttpClient();
        var fetcher = new ModelFetcher(http, NullLogger<ModelFetcher>.Instance);

        Assert.True(await fetcher.FetchAsync(Url, Sha256, output, CancellationToken.None));

        Assert.Equal(_model, await File.ReadAllBytesAsync(output));
    }

    public async Task DisposeAsync() => await _origin.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}
