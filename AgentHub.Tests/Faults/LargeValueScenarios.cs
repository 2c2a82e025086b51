using AgentHub.Core.Models;
using AgentHub.Core.Providers;
using AgentHub.Tests.E2E;
using AgentHub.Tests.Fakes;
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
        await models.FillAsync("Model name or ID", "gemini-2.0-flash-001");
        await models.Page.Keyboard.PressAsync("Tab");
        await models.FillAsync("Additional parameters", ParametersOf(ModelInputValidator.AdditionalParametersMaxLength + 1));
        await Expect(models.Dialog).ToContainTextAsync($"Additional parameters must be at most {ModelInputValidator.AdditionalParametersMaxLength:N0} characters.");
        await models.ClickDialogButtonAsync("Connect");
        await Expect(models.Dialog).ToContainTextAsync($"Additional parameters must be at most {ModelInputValidator.AdditionalParametersMaxLength:N0} characters.");
        await Expect(models.Main.GetByText("gemini-2.0-flash-001")).ToHaveCountAsync(0);
    });
}
