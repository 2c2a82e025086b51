namespace AgentHub.Tests.Faults;

/// <summary>
/// Names cannot impersonate each other: invisible and text-direction characters are refused at
/// the name field, and look-alike forms (NFKC) count as the same name for uniqueness.
/// </summary>
public sealed class NameSpoofingTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Theory]
    [InlineData("Case\u200BName")]
    [InlineData("safe\u202Egnp.exe")]
    [InlineData("Prod\u2066Key\u2069")]
    [InlineData("\uFEFFProd")]
    [InlineData("Prod\u00ADKey")]
    public async Task CreateShouldRefuseANameWithInvisibleOrDirectionCharactersAtTheNameField(string name)
    {
        var result = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential(name));

        Assert.False(result.Succeeded);
        var message = Assert.Single(result.Error.FieldErrors[nameof(CredentialInput.Name)]);
        Assert.Contains("invisible or text-direction character", message);
        Assert.Empty(await _store.CredentialReader.ListAsync(_store.Admin));
    }

    [Fact]
    public void TheValidatorShouldRefuseTheSameNamesAsTheService()
    {
        var validator = _store.Services.GetRequiredService<CredentialInputValidator>();

        var result = validator.Validate(Inputs.Credential("Case\u200BName"));

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(CredentialInput.Name) && e.ErrorMessage.Contains("U+200B", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ＣａｓｅＮａｍｅ")]
    [InlineData("casename")]
    [InlineData("Case\uFB01le")]
    public async Task ALookAlikeOfAnExistingNameShouldBeADuplicate(string lookAlike)
    {
        var first = lookAlike.Contains('\uFB01') ? "CaseFile" : "CaseName";
        await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential(first));

        var second = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential(lookAlike));

        Assert.False(second.Succeeded);
        Assert.Contains("already used", Assert.Single(second.Error.FieldErrors[nameof(CredentialInput.Name)]));
        Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task ANameShouldBeStoredInItsNormalForm()
    {
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("  ＰｒｏｄKey  "));

        Assert.Equal("ProdKey", created.ValueOrFail().Name);
    }

    [Fact]
    public async Task RenamingToALookAlikeOfAnotherCredentialShouldBeRefused()
    {
        await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("CaseName"));
        var other = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Other"));
        var edit = Inputs.Credential("ＣａｓｅＮａｍｅ");
        edit.IsEdit = true;

        var renamed = await _store.CredentialEditor.UpdateAsync(_store.Admin, other.ValueOrFail().Id, edit, other.ValueOrFail().Version);

        Assert.False(renamed.Succeeded);
        Assert.Contains("already used", renamed.Error.Message);
    }

    [Fact]
    public async Task ATeamNameWithADirectionOverrideShouldBeRefused()
    {
        var teams = _store.Services.GetRequiredService<TeamService>();

        var created = await teams.CreateTeamAsync(TestStore.AdminUserId, "safe\u202Egnp.exe");

        Assert.False(created.Succeeded);
        Assert.Contains("text-direction", Assert.Single(created.Error.FieldErrors["Name"]));
    }
}
