using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Authentication;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace NasAssistant.Operator.Hosting;

/// <summary>
/// A kubeconfig's <c>exec</c> credential plugin (client.authentication.k8s.io ExecCredential): runs the command with its
/// arguments and environment, reads the credential it prints, and runs it again once a token expires. Tokens are handed
/// out as bearer headers; a client certificate is read once, at start.
/// </summary>
internal sealed class ExecCredentialPlugin(ExternalExecution exec) : ITokenProvider
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private IssuedCredential? _current;

    public Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_current is not { Token: not null } current || current.Expires <= DateTimeOffset.UtcNow)
            {
                current = Run();
            }

            var token = current.Token ?? throw new KubeConfigException($"exec plugin {exec.Command} gave no token");
            return Task.FromResult(new AuthenticationHeaderValue("Bearer", token));
        }
    }

    /// <summary>Runs the plugin and returns what it issued.</summary>
    /// <exception cref="KubeConfigException">The plugin is missing, fails, times out or prints no ExecCredential.</exception>
    public IssuedCredential Run()
    {
        if (string.IsNullOrWhiteSpace(exec.Command) || string.IsNullOrWhiteSpace(exec.ApiVersion))
        {
            throw new KubeConfigException("an exec credential plugin needs a command and an apiVersion");
        }

        var start = new ProcessStartInfo(exec.Command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in exec.Arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in exec.EnvironmentVariables ?? [])
        {
            start.Environment[variable["name"]] = variable["value"];
        }

        start.Environment["KUBERNETES_EXEC_INFO"] =
            new JsonObject { ["apiVersion"] = exec.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = new JsonObject { ["interactive"] = false } }.ToJsonString();

        string output;
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new KubeConfigException($"exec plugin {exec.Command} did not answer within {Timeout.TotalSeconds:0} s");
            }

            output = stdout.Result;
            if (process.ExitCode != 0)
            {
                throw new KubeConfigException($"exec plugin {exec.Command} failed with exit code {process.ExitCode}: {stderr.Result.Trim()}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KubeConfigException($"exec plugin {exec.Command} could not be started: {e.Message}{(exec.InstallHint is { } hint ? $" ({hint.Trim()})" : string.Empty)}");
        }

        _current = Parse(output);
        return _current;
    }

    private IssuedCredential Parse(string output)
    {
        JsonObject? credential;
        try
        {
            credential = JsonNode.Parse(output) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new KubeConfigException($"exec plugin {exec.Command} printed no JSON: {e.Message}");
        }

        var apiVersion = credential?["apiVersion"]?.GetValue<string>();
        if (credential?["status"] is not JsonObject status || apiVersion != exec.ApiVersion)
        {
            throw new KubeConfigException($"exec plugin {exec.Command} printed no {exec.ApiVersion} ExecCredential with a status (got apiVersion {apiVersion ?? "none"})");
        }

        var expires = status["expirationTimestamp"]?.GetValue<string>() is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.MaxValue;
        return new IssuedCredential(
            status["token"]?.GetValue<string>(), status["clientCertificateData"]?.GetValue<string>(), status["clientKeyData"]?.GetValue<string>(), expires);
    }
}

/// <summary>What an exec plugin issued: a token, or a client certificate and key in PEM, valid until <paramref name="Expires"/>.</summary>
internal sealed record IssuedCredential(string? Token, string? ClientCertificateData, string? ClientKeyData, DateTimeOffset Expires);
