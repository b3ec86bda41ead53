using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Runtime.Security;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Security;

public sealed class ApiKeyStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void KeysFile_NamedKeysWithRoles_IgnoresBlankLinesCommentsAndWhitespace()
    {
        var file = _directory.File("api-keys");
        File.WriteAllText(file, "# family\n  alice:sk-alpha  \n\nbob : sk-beta : admin\r\ntelegram-bot:sk-gamma:gateway\n");
        using var store = new ApiKeyStore(file, null, TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);

        Assert.Equal(3, store.Count);
        Assert.Equal(("alice", ApiKeyRole.User), Describe(store.Authenticate("sk-alpha")));
        Assert.Equal(("bob", ApiKeyRole.Admin), Describe(store.Authenticate("sk-beta")));
        Assert.Equal(("telegram-bot", ApiKeyRole.Gateway), Describe(store.Authenticate("sk-gamma")));
        Assert.Null(store.Authenticate("sk-alph"));
        Assert.Null(store.Authenticate("sk-alphaa"));
        Assert.Null(store.Authenticate("alice:sk-alpha"));
        Assert.Null(store.Authenticate("# family"));
        Assert.Null(store.Authenticate(""));
    }

    [Fact]
    public void GatewayKeyFile_AddsTheGatewaysKey_BesideTheKeyFile_AndAMissingOneLeavesTheOthersWorking()
    {
        var file = _directory.File("api-keys");
        File.WriteAllText(file, "alice:sk-alpha\n");
        File.WriteAllText(_directory.File("gateway-key"), "  sk-made-by-the-operator\n");
        using var both = new ApiKeyStore(file, _directory.File("gateway-key"), TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);
        using var gatewayOnly = new ApiKeyStore(null, _directory.File("gateway-key"), TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);
        using var gatewayMissing = new ApiKeyStore(file, _directory.File("absent"), TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);

        Assert.Equal(("alice", ApiKeyRole.User), Describe(both.Authenticate("sk-alpha")));
        Assert.Equal((ApiKeyStore.GatewayName, ApiKeyRole.Gateway), Describe(both.Authenticate("sk-made-by-the-operator")));
        Assert.True(both.RequiresKey);
        Assert.Equal(1, gatewayOnly.Count);
        Assert.False(gatewayOnly.RequiresKey);
        Assert.Equal(("alice", ApiKeyRole.User), Describe(gatewayMissing.Authenticate("sk-alpha")));
        Assert.Equal(1, gatewayMissing.Count);
    }

    [Fact]
    public void KeysFile_InTheEarlierFormat_NamesEachKeyByItsDigest()
    {
        var file = _directory.File("api-keys");
        File.WriteAllText(file, "sk-alpha\nsk-beta\n");
        using var store = new ApiKeyStore(file, null, TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);

        var alpha = store.Authenticate("sk-alpha");
        var beta = store.Authenticate("sk-beta");

        Assert.Equal(("key-" + Convert.ToHexStringLower(Digest("sk-alpha"))[..8], ApiKeyRole.User), Describe(alpha));
        Assert.Equal(("key-" + Convert.ToHexStringLower(Digest("sk-beta"))[..8], ApiKeyRole.User), Describe(beta));
        Assert.Matches("^key-[0-9a-f]{8}$", alpha!.Name);
    }

    [Fact]
    public void OneName_OnTwoLines_IsOneIdentityWithTwoKeys()
    {
        var file = _directory.File("api-keys");
        File.WriteAllText(file, "alice:sk-old\nalice:sk-new:user\n");
        using var store = new ApiKeyStore(file, null, TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);

        Assert.Equal("alice", store.Authenticate("sk-old")!.Name);
        Assert.Equal("alice", store.Authenticate("sk-new")!.Name);
    }

    [Theory]
    [InlineData("alice:sk-1\nAlice:sk-secret-2\n", "line 2: the part before the first ':' is not a key name")]
    [InlineData("alice:sk-1\n\n# c\nalice:sk-secret-2:root\n", "line 4: the role after the second ':' must be user, admin or gateway")]
    [InlineData("a:b:sk-secret-2:admin\n", "line 1: expected name:key or name:key:role")]
    [InlineData("alice:\n", "line 1: the key is empty")]
    [InlineData(":sk-secret-2\n", "line 1: the part before the first ':' is not a key name")]
    [InlineData("anonymous:sk-secret-2\n", "line 1: 'anonymous' is reserved")]
    [InlineData("alice:sk-secret-2\nbob:sk-secret-2\n", "line 2: the same key as line 1")]
    [InlineData("sk-secret-2\nsk-secret-2\n", "line 2: the same key as line 1")]
    [InlineData("alice:sk-secret-2\nalice:sk-3:admin\n", "line 2: the name has role user on line 1 but admin here")]
    [InlineData("-x:sk-secret-2\n", "line 1: the part before the first ':' is not a key name")]
    public void MalformedKeysFile_StopsStartup_NamingTheLine_NeverTheKey(string contents, string expected)
    {
        var file = _directory.File("api-keys");
        File.WriteAllText(file, contents);

        var error = Assert.Throws<InvalidDataException>(() => new ApiKeyStore(file, null, TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotatedKeysFile_TakesEffectWithoutRestart()
    {
        var file = _directory.File("api-keys");
        await File.WriteAllTextAsync(file, "alice:sk-old\n");
        using var store = new ApiKeyStore(file, null, TimeSpan.FromMilliseconds(200), NullLogger<ApiKeyStore>.Instance);
        Assert.NotNull(store.Authenticate("sk-old"));

        await File.WriteAllTextAsync(file, "alice:sk-new:admin\n");
        await WaitUntilAsync(() => store.Authenticate("sk-new") is not null);

        Assert.Equal(("alice", ApiKeyRole.Admin), Describe(store.Authenticate("sk-new")));
        Assert.Null(store.Authenticate("sk-old"));
    }

    [Fact]
    public async Task KeysFile_EditedIntoAMalformedOne_RefusesEveryKey_AndSaysWhichLine()
    {
        var file = _directory.File("api-keys");
        await File.WriteAllTextAsync(file, "alice:sk-alpha\nbob:sk-beta\n");
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var store = new ApiKeyStore(file, null, TimeSpan.FromMilliseconds(200), factory.CreateLogger<ApiKeyStore>());

        // Bob's key is meant to go, but the edit also breaks a line: keeping the old keys would keep Bob's.
        await File.WriteAllTextAsync(file, "alice:sk-alpha\nalice:sk-gamma:superuser\n");
        await WaitUntilAsync(() => store.Count == 0);

        Assert.Null(store.Authenticate("sk-alpha"));
        Assert.Null(store.Authenticate("sk-beta"));
        Assert.True(logs.Contains("line 2: the role after the second ':' must be user, admin or gateway", "every API request will be refused"), string.Join('\n', logs.Lines));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("sk-", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingKeysFile_RefusesEveryKey()
    {
        using var store = new ApiKeyStore(_directory.File("absent"), null, TimeSpan.FromHours(1), NullLogger<ApiKeyStore>.Instance);

        Assert.Equal(0, store.Count);
        Assert.Null(store.Authenticate("anything"));
    }

    public void Dispose() => _directory.Dispose();

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static (string, ApiKeyRole)? Describe(ApiKey? key) => key is null ? null : (key.Name, key.Role);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
