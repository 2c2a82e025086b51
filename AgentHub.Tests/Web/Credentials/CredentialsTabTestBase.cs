namespace AgentHub.Tests.Web.Credentials;

/// <summary>
/// What the Credentials tab's bUnit tests share: the real services over a fresh SQLite file, a
/// verifier scripted to accept only <see cref="GoodKey"/>, and the tab's driver.
/// </summary>
public abstract class CredentialsTabTestBase : IAsyncLifetime
{
    protected const string GoodKey = "sk-good-key-000000009f3c";

    /// <summary>The bUnit context over the real services.</summary>
    protected MudTestContext Mud { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mud = await MudTestContext.CreateAsync();
        Mud.Store.Verifier.AcceptOnlyKey(GoodKey);
    }

    public async Task DisposeAsync() => await Mud.DisposeAsync();

    protected CredentialsTabDriver Open() => new(Mud.Context);
}
