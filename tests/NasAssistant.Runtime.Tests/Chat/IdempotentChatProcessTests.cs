using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasAssistant.Runtime.Tests.Conversations;
using NasAssistant.Runtime.Tests.Knowledge;
using NasAssistant.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace NasAssistant.Runtime.Tests.Chat;

/// <summary>Idempotent chat turns with real runtime processes on one sessions folder: SIGKILL while answering, and two processes at once.</summary>
public sealed class IdempotentChatProcessTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 2;
    private const int MessagesPerRound = 6;
    private readonly TempDirectory _directory = new();

    private string Sessions => _directory.File("sessions");

    [Fact]
    public async Task Sigkill_WhileAnswering_EachMessageIsAnsweredOnce_AndAnAcknowledgedOneIsReplayedAfterRestart()
    {
        var acknowledged = new Dictionary<string, string>(StringComparer.Ordinal);
        var random = new Random();
        for (var round = 0; round < Rounds; round++)
        {
            var (config, address, _) = Stores.ChildConfig(_directory.Path, Sessions, knowledge: Knowledge($"knowledge-{round}"));
            using var runtime = RuntimeProcess.Start("--config", config);
            await runtime.WaitUntilReadyAsync(address);

            // Two messages answered for sure (the first also warms the process up, the second times a warm answer), then
            // more in flight while the process dies: some answered and stored, some cut off before, perhaps one stored
            // but never acknowledged.
            var answerTime = 0;
            for (var m = 0; m < 2; m++)
            {
                var watch = Stopwatch.StartNew();
                var answered = await TryAskAsync(address, $"r{round}-m{m}");
                answerTime = (int)watch.ElapsedMilliseconds;
                Assert.NotNull(answered.CompletionId);
                acknowledged[answered.Message] = answered.CompletionId;
            }

            // Sent half an answer apart, so the kill finds the earlier ones done and the later ones at different stages.
            var asking = new List<Task<(string Message, string? CompletionId)>>();
            for (var m = 2; m < MessagesPerRound; m++)
            {
                asking.Add(TryAskAsync(address, $"r{round}-m{m}"));
                await Task.Delay(answerTime / 2);
            }

            await Task.Delay(random.Next(0, answerTime + 1));
            using (var process = Process.GetProcessById(runtime.Id))
            {
                process.Kill(); // SIGKILL on Unix: no shutdown code runs.
                await process.WaitForExitAsync();
            }

            foreach (var (message, completionId) in await Task.WhenAll(asking))
            {
                if (completionId is not null)
                {
                    acknowledged[message] = completionId;
                }
            }

            output.WriteLine($"round {round}: one answer took {answerTime} ms; {acknowledged.Count} messages acknowledged so far");
        }

        var (finalConfig, finalAddress, _) = Stores.ChildConfig(_directory.Path, Sessions, knowledge: Knowledge("knowledge-final"));
        using var restarted = RuntimeProcess.Start("--config", finalConfig);
        await restarted.WaitUntilReadyAsync(finalAddress);
        using var http = new HttpClient { BaseAddress = finalAddress };
        for (var round = 0; round < Rounds; round++)
        {
            for (var m = 0; m < MessagesPerRound; m++)
            {
                // The messenger delivers every message again; each ends up answered exactly once.
                var message = $"r{round}-m{m}";
                using var response = await http.SendAsync(Ask(message));
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                if (acknowledged.TryGetValue(message, out var completionId))
                {
                    Assert.True(response.Headers.Contains("Idempotent-Replayed"), $"{message} was answered before the kill but generated again");
                    Assert.Equal(completionId, body.GetProperty("id").GetString());
                }

                var turns = (await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{message}")).GetProperty("turns");
                Assert.Equal(["user", "assistant"], turns.EnumerateArray().Select(t => t.GetProperty("role").GetString()));
            }
        }

        output.WriteLine($"{acknowledged.Count} of {Rounds * MessagesPerRound} messages were acknowledged before a kill");
    }

    [Fact]
    public async Task TwoProcesses_OnOneFolder_RepeatsSentToBoth_MakeOneTurn()
    {
        var (configA, addressA, _) = Stores.ChildConfig(_directory.Path, Sessions, knowledge: Knowledge("knowledge-a"));
        var (configB, addressB, _) = Stores.ChildConfig(_directory.Path, Sessions, knowledge: Knowledge("knowledge-b"));
        using var a = RuntimeProcess.Start("--config", configA);
        using var b = RuntimeProcess.Start("--config", configB);
        await Task.WhenAll(a.WaitUntilReadyAsync(addressA), b.WaitUntilReadyAsync(addressB));

        for (var message = 0; message < 5; message++)
        {
            var id = $"both-{message}";
            var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
            {
                using var http = new HttpClient { BaseAddress = i % 2 == 0 ? addressA : addressB };
                using var response = await http.SendAsync(Ask(id));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (Replayed: response.Headers.Contains("Idempotent-Replayed"), Id: (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
            }));

            Assert.Single(answers, x => !x.Replayed);
            Assert.Single(answers.Select(x => x.Id).Distinct());
            using var reader = new HttpClient { BaseAddress = message % 2 == 0 ? addressB : addressA };
            Assert.Equal(2, (await reader.GetFromJsonAsync<JsonElement>($"/v1/sessions/{id}")).GetProperty("turns").GetArrayLength());
        }
    }

    public void Dispose() => _directory.Dispose();

    // The message's conversation and its key share the message's name, as a gateway would derive both from one update.
    private static HttpRequestMessage Ask(string message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "minilm", conversation_id = message, messages = new[] { new { role = "user", content = "How do I clear a paper jam?" } } }),
        };
        request.Headers.Add("Idempotency-Key", $"update-{message}");
        return request;
    }

    // The completion id when the reply was acknowledged, null when the process died first.
    private static async Task<(string Message, string? CompletionId)> TryAskAsync(Uri address, string message)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await http.SendAsync(Ask(message));
            return response.StatusCode == HttpStatusCode.OK
                ? (message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString())
                : (message, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            return (message, null);
        }
    }

    private string Knowledge(string name)
    {
        var folder = _directory.File(name);
        Directory.CreateDirectory(folder);
        KnowledgeServer.CopyCorpus(folder);
        return folder;
    }
}
