using AgentHub.Web.Components.Pages.AgentHub.Models;
using Bunit;

namespace AgentHub.Tests.Web.Models;

/// <summary>Test from a model's row over the real services and the fake providers: the reply and latency, or the error class and its message.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ModelTestDialogTests(FakeProviders fakes) : ModelsTabTestBase(fakes)
{
    [Fact]
    public async Task TestShouldShowTheReplyAndTheLatency()
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");
        var page = Open();

        page.Tab.WaitForAssertion(() => page.RowAction("gpt-4o", "Test"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Pong", page.Dialogs.Markup));
        Assert.Matches(@"gpt-4o answered in \d+ ms", page.Dialogs.Find(".mud-dialog").TextContent);
        Assert.Equal("POST /v1/chat/completions", $"{Fakes.OpenAi.Requests.Last().Method} {Fakes.OpenAi.Requests.Last().Path}");
    }

    [Theory]
    [InlineData(FakeAnswer.InvalidKey, "InvalidKey", "rejected the key")]
    [InlineData(FakeAnswer.QuotaExhausted, "QuotaExhausted", "no quota or credit left")]
    [InlineData(FakeAnswer.RateLimited, "RateLimited", "rate-limiting")]
    [InlineData(FakeAnswer.PermissionDenied, "PermissionDenied", "refused access")]
    [InlineData(FakeAnswer.ServerError, "ProviderError", "internal error")]
    [InlineData(FakeAnswer.Html, "ProviderError", "not like OpenAI")]
    [InlineData(FakeAnswer.Redirect, "EndpointNotFound", "redirect")]
    [InlineData(FakeAnswer.Slow, "Timeout", "did not answer in time")]
    public async Task AFailedTestShouldShowTheErrorClassAndItsMessage(FakeAnswer answer, string outcome, string message)
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");
        Fakes.OpenAi.Answer = answer;
        var page = Open();

        page.Tab.WaitForAssertion(() => page.RowAction("gpt-4o", "Test"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains(outcome, page.Dialogs.Find(".mud-dialog").TextContent), TimeSpan.FromSeconds(6));
        Assert.Contains(message, page.Dialogs.Find(".mud-dialog").TextContent);
        Assert.DoesNotContain("Pong", page.Dialogs.Markup);
    }
}
