using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Runtime.Security;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Security;

public sealed class ApiKeyStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void KeysFile_OneKeyPerLine_IgnoresBlankLinesCommentsAndWhitespace()
    {
        var file = _directory.File("api-keys");
        File.WriteAllText(file, "# family\n  sk-alpha  \n\nsk-beta\r\n");
        using var store = new ApiKeyStore(file, TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);

        Assert.Equal(2, store.Count);
        Assert.True(store.IsValid("sk-alpha"));
        Assert.True(store.IsValid("sk-beta"));
        Assert.False(store.IsValid("sk-alph"));
        Assert.False(store.IsValid("sk-alphaa"));
        Assert.False(store.IsValid("# family"));
        Assert.False(store.IsValid(""));
    }

    [Fact]
    public async Task RotatedKeysFile_TakesEffectWithoutRestart()
    {
        var file = _directory.File("api-keys");
        await File.WriteAllTextAsync(file, "sk-old\n");
        using var store = new ApiKeyStore(file, TimeSpan.FromMilliseconds(200), NullLogger<ApiKeyStore>.Instance);
        Assert.True(store.IsValid("sk-old"));

        await File.WriteAllTextAsync(file, "sk-new\n");
        for (var i = 0; i < 300 && !store.IsValid("sk-new"); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(store.IsValid("sk-new"));
        Assert.False(store.IsValid("sk-old"));
    }

    [Fact]
    public void MissingKeysFile_RefusesEveryKey()
    {
        using var store = new ApiKeyStore(_directory.File("absent"), TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);

        Assert.Equal(0, store.Count);
        Assert.False(store.IsValid("anything"));
    }

    public void Dispose() => _directory.Dispose();
}
