using AgentHub.Core.Persistence;
using AgentHub.Core.Security;
using AgentHub.Tests.E2E;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.Faults;

/// <summary>
/// Large values arrive whole: a paste beyond a field's maximum (even far beyond) is refused with a
/// message at the field while the page stays live, instead of dropping the connection and losing
/// the value; the same form then stores a corrected value.
/// </summary>
public sealed class LargeValueScenarios(AgentHubE2EFixture app) : E2EScenario(app)
{
    /// <summary>A service-account key of exactly <paramref name="length"/> characters (an extra padding property).</summary>
    private static string ServiceAccountJsonOf(FakeVertexAi vertex, int length)
    {
        var json = vertex.ServiceAccountJson();
        var padding = length - json.Length - "\"padding\":\"\",".Length;
        return "{\"padding\":\"" + new string('x', padding) + "\"," + json[1..];
    }

    /// <summary>The fakes' CA certificate after comment lines, <paramref name="length"/> characters in all.</summary>
    private static string CaBundleOf(int length)
    {
        var pem = TestCertificates.Root.ExportCertificatePem().TrimEnd();
        var padding = new System.Text.StringBuilder();
        while (padding.Length + pem.Length < length)
        {
            var line = "# Agent Hub test CA bundle: text outside the PEM blocks is ignored.";
            padding.Append(line.AsSpan(0, Math.Min(line.Length, length - pem.Length - padding.Length - 1))).Append('\n');
        }

        return padding + pem;
    }

    private static string ParametersOf(int length) => "{\"pad\":\"" + new string('x', length - "{\"pad\":\"\"}".Length) + "\"}";

    [Fact]
    public Task APasteBeyondTheMaximumShouldBeRefusedAtTheFieldAndThePageShouldStayLive() => Browser.RunAsync(nameof(APasteBeyondTheMaximumShouldBeRefusedAtTheFieldAndThePageShouldStayLive), async () =>
    {
        var fakes = App.Fakes;
        var page = Browser.Credentials;
        await page.GotoAsync();

        await page.CreateButton.ClickAsync();
        await page.FillAsync("Name", "Too big");
        await page.ChooseAsync("Provider", "Vertex AI");
        await page.FillAsync("Service Account Key (JSON)", ServiceAccountJsonOf(fakes.VertexAi, FieldLimits.Document + 1), secret: true);
        await Expect(page.Dialog).ToContainTextAsync($"Service Account Key (JSON) must be at most {FieldLimits.Document:N0} characters.");

        // Far beyond: still a message, not a dropped connection.
        await page.FillAsync("Service Account Key (JSON)", ServiceAccountJsonOf(fakes.VertexAi, 5 * FieldLimits.Document), secret: true);
        await Expect(page.Dialog).ToContainTextAsync($"Service Account Key (JSON) must be at most {FieldLimits.Document:N0} characters.");
        await page.ClickDialogButtonAsync("Create");
        await Expect(page.Dialog).ToContainTextAsync($"must be at most {FieldLimits.Document:N0} characters.");

        // The page is live: fixing the value stores the credential.
        await page.FillAsync("Service Account Key (JSON)", fakes.VertexAi.ServiceAccountJson(), secret: true);
        await page.ClickDialogButtonAsync("Create");
        await page.ExpectDialogClosedAsync();
        await page.ExpectStatusAsync("Too big", "Verified");

        var models = Browser.Models;
        await models.GotoAsync();
        await models.ConnectButton.ClickAsync();
        await models.ChooseAsync("Credential", "Too big");
        await models.ChooseModelIdAsync("gemini-2.0-flash-001");
        await models.FillAsync("Additional parameters", ParametersOf(ModelInputValidator.AdditionalParametersMaxLength + 1));
        await Expect(models.Dialog).ToContainTextAsync($"Additional parameters must be at most {ModelInputValidator.AdditionalParametersMaxLength:N0} characters.");
        await models.ClickDialogButtonAsync("Connect");
        await Expect(models.Dialog).ToContainTextAsync($"Additional parameters must be at most {ModelInputValidator.AdditionalParametersMaxLength:N0} characters.");
        await Expect(models.Main.GetByText("gemini-2.0-flash-001")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task EachLongFieldShouldStoreAValueOfExactlyItsMaximumWhole() => Browser.RunAsync(nameof(EachLongFieldShouldStoreAValueOfExactlyItsMaximumWhole), async () =>
    {
        var fakes = App.Fakes;
        var serviceAccountJson = ServiceAccountJsonOf(fakes.VertexAi, FieldLimits.Document);
        var caBundle = CaBundleOf(FieldLimits.Document);
        var headerValue = new string('h', FieldLimits.Headers - "X-Gateway-Pad: ".Length);
        var parameters = ParametersOf(ModelInputValidator.AdditionalParametersMaxLength);
        var page = Browser.Credentials;
        await page.GotoAsync();

        await page.CreateButton.ClickAsync();
        await page.FillAsync("Name", "Vertex at the maximum");
        await page.ChooseAsync("Provider", "Vertex AI");
        await page.PasteAsync("Service Account Key (JSON)", serviceAccountJson, secret: true);
        await Expect(page.Dialog).ToContainTextAsync($"{FieldLimits.Document} / {FieldLimits.Document}");
        await page.ClickDialogButtonAsync("Create");
        await page.ExpectDialogClosedAsync();
        await page.ExpectStatusAsync("Vertex at the maximum", "Verified");

        await page.CreateButton.ClickAsync();
        await page.FillAsync("Name", "Custom at the maximum");
        await page.ChooseAsync("Provider", "Custom");
        await page.FillAsync("Base URL", fakes.Custom.BaseUrl.AbsoluteUri);
        await page.FillAsync("API Key", fakes.Custom.ValidKey, secret: true);
        await page.PasteAsync("CA certificate (PEM)", caBundle);
        await Expect(page.Dialog).ToContainTextAsync($"{FieldLimits.Document} / {FieldLimits.Document}");
        await page.Dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Add header", Exact = true }).ClickAsync();
        await page.FillAsync("Header name 1", "X-Gateway-Pad");
        await page.PasteAsync("Header value 1", headerValue, secret: true);
        await page.ClickDialogButtonAsync("Create");
        await page.ExpectDialogClosedAsync();
        await page.ExpectStatusAsync("Custom at the maximum", "Verified");

        var models = Browser.Models;
        await models.GotoAsync();
        await models.ConnectButton.ClickAsync();
        await models.ChooseAsync("Credential", "Custom at the maximum");
        await models.ChooseModelIdAsync("llama-3.1-8b");
        await models.PasteAsync("Additional parameters", parameters);
        await Expect(models.Dialog).ToContainTextAsync($"{parameters.Length} / {parameters.Length}");
        await models.ClickDialogButtonAsync("Connect");
        await models.ExpectDialogClosedAsync();
        await models.ExpectStatusAsync("llama-3.1-8b", "Connected");

        // What the store holds is what was pasted, to the last character.
        await using var db = await App.Service<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();
        var protector = App.Service<SecretProtector>();
        var vertex = await db.Credentials.SingleAsync(c => c.Name == "Vertex at the maximum");
        Assert.True(protector.TryUnprotect(vertex.ProtectedSecrets, out var vertexSecrets));
        Assert.Equal(FieldLimits.Document, vertexSecrets[FieldKeys.ServiceAccountKey].Length);
        Assert.Equal(serviceAccountJson, vertexSecrets[FieldKeys.ServiceAccountKey]);
        var custom = await db.Credentials.SingleAsync(c => c.Name == "Custom at the maximum");
        Assert.Equal(caBundle, custom.Settings[FieldKeys.CaCertificate]);
        Assert.True(protector.TryUnprotect(custom.ProtectedSecrets, out var customSecrets));
        Assert.Equal(FieldLimits.Headers, customSecrets[FieldKeys.ExtraHeaders].Length);
        Assert.Equal("X-Gateway-Pad: " + headerValue, customSecrets[FieldKeys.ExtraHeaders]);
        var model = await db.ModelConnections.SingleAsync(m => m.ModelId == "llama-3.1-8b");
        Assert.Equal(parameters, model.AdditionalParameters);
    });
}
