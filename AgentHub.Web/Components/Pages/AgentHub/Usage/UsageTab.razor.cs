using System.Globalization;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Lists;
using AgentHub.Core.Models;
using AgentHub.Core.Usage;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Usage;

/// <summary>The team's gateway usage for a chosen period, filtered by agent key and model (Admins and Viewers).</summary>
public partial class UsageTab : TeamComponentBase
{
    private UsageReport _report = UsageReport.Empty;
    private List<ChartSeries<double>> _requestSeries = [];
    private List<ChartSeries<double>> _tokenSeries = [];
    private string[] _labels = [];
    private UsagePeriod _period = UsagePeriod.Last7Days;
    private AgentKeySummary? _agentKey;
    private string? _model;
    private bool _loaded;
    private int _request;

    [Inject]
    private UsageService Usage { get; set; } = null!;

    [Inject]
    private AgentKeyService AgentKeys { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        await LoadMemberAsync();
        await LoadAsync();
    }

    private async Task OnPeriodChanged(UsagePeriod period)
    {
        _period = period;
        await LoadAsync();
    }

    /// <summary>The agent key filter's choices: the first keys whose name or prefix holds the text, read in the database.</summary>
    private async Task<IEnumerable<AgentKeySummary>> FindAgentKeysAsync(string? text, CancellationToken cancellationToken) =>
        Member is null ? [] : (await AgentKeys.ListPageAsync(Actor, new ListQuery { Search = text, PageSize = ModelReader.MaxChoices }, cancellationToken)).Items;

    private async Task OnAgentKeyChanged(AgentKeySummary? key)
    {
        _agentKey = key;
        await LoadAsync();
    }

    private async Task OnModelChanged(string? model)
    {
        _model = model;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        // A slower answer for an earlier choice must not replace the current one's.
        var request = ++_request;
        var report = Member is null ? UsageReport.Empty : await Usage.ReportAsync(Actor, new UsageQuery(_period, _agentKey?.Id, _model));
        if (request != _request)
        {
            return;
        }

        _report = report;
        _labels = report.Days.Select(d => d.ToString("MM-dd", CultureInfo.InvariantCulture)).ToArray();
        _requestSeries = report.RequestsPerModel.Select(Series).ToList();
        _tokenSeries = report.TokensPerModel.Select(Series).ToList();
        _loaded = true;
    }

    private static ChartSeries<double> Series(UsageSeries series) => new() { Name = series.Name, Data = new ChartData<double>(series.Values) };

    private static string Milliseconds(double? value) =>
        value is { } ms ? ms.ToString(ms < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " ms" : "—";
}
