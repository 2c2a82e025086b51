using System.Text.Json;

namespace AgentHub.Tests.Web;

/// <summary>The runtime settings the app ships with (its runtimeconfig.json, as published).</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void TheAppShouldStartWithAtLeastFourPoolThreadsSoBackgroundWorkCannotStallGatewayCalls()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "AgentHub.Web.runtimeconfig.json");

        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.Threading.ThreadPool.MinThreads", out var minThreads),
            "AgentHub.Web.runtimeconfig.json sets no System.Threading.ThreadPool.MinThreads");
        Assert.True(minThreads.GetInt32() >= 4, $"MinThreads is {minThreads.GetInt32()}");
    }
}
