using AgentHub.Core.Verification.Http;
using Bunit;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>One credential of every catalog provider created through the dialog and verified by the real client against its fake.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class CreateEveryProviderTests(FakeProviders fakes)
{
    public static TheoryData<string> Providers => ProviderTestValues.EveryProvider;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ACredentialCreatedThroughTheDialogShouldBeVerifiedByItsProvider(string providerId)
    {
        fakes.ResetAll();
        var schema = ProviderTestValues.Catalog.Get(providerId);
        await using var mud = await MudTestContext.CreateAsync(fakes.OperatorSettings(), FakeProviders.TrustTheFakes, realVerifier: true);
        var page = new CredentialsTabDriver(mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.Fill("Name", $"{schema.DisplayName} via dialog");
        page.ChooseProvider(schema.DisplayName);
        page.Dialogs.WaitForAssertion(() =>
        {
            // The field values its fake accepts, typed in form order under each field's label.
            var values = ProviderTestValues.For(providerId).FakeValues(fakes, null);
            foreach (var field in schema.Fields.Where(f => values.ContainsKey(f.Key)))
            {
                page.Fill(field.Label, values[field.Key]);
            }
        });
        page.ClickDialogButton("Create");

        page.Tab.WaitForAssertion(() => Assert.Equal("Verified", page.Row($"{schema.DisplayName} via dialog")[3]), TimeSpan.FromSeconds(10));
        Assert.True(fakes.For(providerId).Calls > 0);
        fakes.ResetAll();
    }
}
