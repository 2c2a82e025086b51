using AgentHub.Core.Credentials;
using AgentHub.Core.Models;
using AgentHub.Web.Components.Shared;
using Bunit;

namespace AgentHub.Tests.Web.Shared;

/// <summary>The status chips of every row draw their icon from the page's sprite, not as markup the browser parses chip by chip.</summary>
public sealed class IconSpriteTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    public static TheoryData<CredentialStatus, string?> CredentialStatuses => new()
    {
        { CredentialStatus.Verified, null },
        { CredentialStatus.Verifying, null },
        { CredentialStatus.Failed, "The provider refused the key." },
        { CredentialStatus.Failed, null },
    };

    [Theory]
    [MemberData(nameof(CredentialStatuses))]
    public void ACredentialsStatusChipShouldDrawItsIconFromTheSprite(CredentialStatus status, string? reason)
    {
        var chip = _mud.Context.Render<StatusChip>(p => p.Add(c => c.Status, status).Add(c => c.Reason, reason));

        AssertIconFromTheSprite(chip.Markup, chip.Find(".mud-chip").TextContent.Trim());
    }

    [Theory]
    [InlineData(ModelStatus.Connected)]
    [InlineData(ModelStatus.Unavailable)]
    [InlineData(ModelStatus.Invalid)]
    public void AModelsStatusChipShouldDrawItsIconFromTheSprite(ModelStatus status)
    {
        var chip = _mud.Context.Render<ModelStatusChip>(p => p.Add(c => c.Status, status));

        AssertIconFromTheSprite(chip.Markup, chip.Find(".mud-chip").TextContent.Trim());
        Assert.Equal(status.ToString(), chip.Find(".mud-chip").TextContent.Trim());
    }

    private static void AssertIconFromTheSprite(string markup, string label)
    {
        Assert.DoesNotContain("<path", markup, StringComparison.Ordinal);
        var use = System.Text.RegularExpressions.Regex.Match(markup, "<use href=\"#([^\"]+)\"");
        Assert.True(use.Success, $"The chip '{label}' draws no icon from the sprite.");
        Assert.Contains(use.Groups[1].Value, IconSprite.Symbols.Select(s => s.Id));
    }
}
