using System.ClientModel;
using Microsoft.Playwright;
using OpenAI;
using OpenAI.Chat;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>An admin issues an agent key in the browser, an agent uses it with the OpenAI SDK, the admin revokes it.</summary>
public sealed class AgentKeyScenarios(AgentHubE2EFixture app) : E2EScenario(app)
{
    [Fact]
    public Task AKeyCreatedInTheBrowserShouldWorkWithTheSdkUntilRevoked() => Browser.RunAsync(nameof(AKeyCreatedInTheBrowserShouldWorkWithTheSdkUntilRevoked), async () =>
    {
        var owner = await App.OwnerAsync();
        var changes = App.Service<CredentialChanges>();
        var credential = (await changes.CreateAsync(owner, new CredentialInput
        {
            Name = "Team OpenAI", ProviderId = ProviderIds.OpenAi, Values = { [FieldKeys.ApiKey] = App.Fakes.OpenAi.ValidKey },
        })).ValueOrFail();
        await App.Service<CredentialVerification>().VerifyAsync(owner, credential.Id);
        await App.Service<ModelChanges>().ConnectAsync(owner, new ModelInput { CredentialId = credential.Id, ModelId = "gpt-4o", Alias = "team-chat" });
        Browser.Remember(App.Fakes.OpenAi.ValidKey);

        var keys = Browser.AgentKeys;
        await keys.GotoAsync();
        var key = await keys.CreateAsync("E2E agent");
        Browser.Remember(key);
        await Expect(keys.Row("E2E agent").GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync(key[..12] + "…");

        var agent = new ChatClient("team-chat", new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(App.BaseUrl, "v1"),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });
        ChatCompletion reply = await agent.CompleteChatAsync([new UserChatMessage("Ping?")]);
        Assert.Equal(OpenAiChat.Reply, reply.Content[0].Text);

        await keys.RevokeAsync("E2E agent");
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => agent.CompleteChatAsync([new UserChatMessage("Ping?")]));
        Assert.Equal(401, refused.Status);
    });
}
