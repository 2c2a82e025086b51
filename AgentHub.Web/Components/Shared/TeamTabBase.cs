using AgentHub.Core.Lists;

namespace AgentHub.Web.Components.Shared;

/// <summary>
/// What every tab with a list does: load the acting member, then its rows, and report outcomes in
/// snackbars and dialogs.
/// </summary>
public abstract class TeamTabBase : TeamComponentBase
{
    private OneDialog? _dialog;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    /// <summary>The tab's dialogs, one at a time (a second click while one is open opens nothing).</summary>
    protected OneDialog Dialog => _dialog ??= new OneDialog(Dialogs);

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        await LoadMemberAsync();
        await ReloadAsync();
    }

    /// <summary>Reads the tab's rows again.</summary>
    protected abstract Task ReloadAsync();
}

/// <summary>
/// A tab whose dialog keeps a draft in the browser: after the page reloads (or the app restarts),
/// the dialog that was open opens again with what was typed, or says that its object is gone.
/// </summary>
public abstract class DraftTabBase<TDraft> : TeamTabBase where TDraft : class
{
    private bool _draftChecked;
    private DialogDrafts? _drafts;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    protected DialogDrafts Drafts => _drafts ??= new DialogDrafts(JS);

    protected string DraftKey => DialogDrafts.KeyFor(Actor, DraftTab);

    /// <summary>The tab's name in the draft's storage key.</summary>
    protected abstract string DraftTab { get; }

    /// <summary>Whether the rows are loaded, so a draft's object can be looked up.</summary>
    protected abstract bool Loaded { get; }

    /// <summary>Opens the dialog of <paramref name="draft"/> again; false when the object it edited no longer exists.</summary>
    protected abstract Task<bool> ReopenAsync(TDraft draft);

    /// <summary>What the snackbar says when the draft's object no longer exists.</summary>
    protected abstract string GoneMessage(TDraft draft);

    /// <summary>Whether the tab's dialogs keep drafts (<see cref="NoDraft"/> tabs do not, and never look for one).</summary>
    private static bool KeepsDrafts => typeof(TDraft) != typeof(NoDraft);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // A dialog that was open when the page reloaded (or the app restarted) opens again with what was typed.
        if (!KeepsDrafts || _draftChecked || !Loaded || !CanChange)
        {
            return;
        }

        _draftChecked = true;
        // A click made while the draft is read waits for it: the draft's dialog opens first, the click's then opens nothing.
        Dialog.Hold();
        try
        {
            if (await Drafts.LoadAsync<TDraft>(DraftKey) is not { } draft)
            {
                return;
            }

            if (!await ReopenAsync(draft))
            {
                await Drafts.ClearAsync(DraftKey);
                Snackbar.Add(GoneMessage(draft), Severity.Warning);
            }
        }
        finally
        {
            Dialog.Release();
        }

        StateHasChanged();
    }
}

/// <summary>The draft type of a list tab whose dialogs keep no draft in the browser.</summary>
public sealed class NoDraft;

/// <summary>
/// A tab whose table holds one page of rows read from the database (<see cref="ListQuery"/>): the
/// page, sort, search and filter live in the URL (<c>?page=2&amp;sort=name&amp;desc=true&amp;q=…&amp;filter=…</c>) so a
/// reload or a shared link shows the same view. The tab is rendered only once the circuit is live (the
/// Agent Hub page prerenders a progress bar in its place) and reads its rows as it initializes, so no row is sent twice: on
/// SQLite, whose reads complete at once, they come in the circuit's first render; on PostgreSQL in the
/// render that follows as soon as they are read (not after the browser acknowledged the first, as
/// MudTable's <c>ServerData</c> did). The table only shows them: sorting (<see cref="SortHeader"/>) and
/// paging (<see cref="ListPager"/>) ask the database for another page.
/// </summary>
public abstract class ListTabBase<TDraft, TRow> : DraftTabBase<TDraft>, IDisposable where TDraft : class
{
    private string? _shownUri;
    private CancellationTokenSource? _reading;

    /// <summary>The page in the URL, from 1.</summary>
    [SupplyParameterFromQuery(Name = "page")]
    public int? UrlPage { get; set; }

    /// <summary>The sort key in the URL (the list's <c>*Sort</c> names).</summary>
    [SupplyParameterFromQuery(Name = "sort")]
    public string? UrlSort { get; set; }

    [SupplyParameterFromQuery(Name = "desc")]
    public bool UrlDescending { get; set; }

    /// <summary>The search text in the URL.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? UrlSearch { get; set; }

    /// <summary>The list's named filter in the URL (<see cref="ListQuery.Filter"/>).</summary>
    [SupplyParameterFromQuery(Name = "filter")]
    public string? UrlFilter { get; set; }

    /// <summary>The current page's rows, as the table shows them.</summary>
    protected List<TRow> Rows { get; private set; } = [];

    /// <summary>The search box's text.</summary>
    protected string? Search { get; set; }

    /// <summary>The named filter applied (<see cref="ListQuery.Filter"/>), or null for every row.</summary>
    protected string? Filter { get; private set; }

    /// <summary>The column the rows are sorted by, and its direction.</summary>
    protected ListSort Sort { get; private set; } = new("", false);

    /// <summary>The zero-based page shown.</summary>
    protected int PageIndex { get; private set; }

    /// <summary>How many rows match the search and filter in all (the pager's count).</summary>
    protected int Matching { get; private set; }

    /// <summary>How many rows the team has, whatever the search: zero shows the empty state.</summary>
    protected int TeamTotal { get; private set; }

    /// <summary>Whether <see cref="TeamTotal"/> is known.</summary>
    protected bool TotalLoaded { get; private set; }

    /// <summary>Whether a page was read: before that the table shows a progress bar, not "no match".</summary>
    protected bool PageLoaded { get; private set; }

    /// <summary>Whether a page is being read (the table shows its progress bar meanwhile).</summary>
    protected bool Reading => _reading is not null;

    /// <summary>How many page queries ran (tests check that Cancel runs none).</summary>
    public int PageQueries { get; private set; }

    protected override bool Loaded => TotalLoaded;

    /// <summary>The sort key used when the URL names none.</summary>
    protected abstract string DefaultSort { get; }

    /// <summary>Reads one page of rows.</summary>
    protected abstract Task<ListPage<TRow>> QueryAsync(ListQuery query, CancellationToken cancellationToken);

    /// <summary>Counts the team's rows, whatever the search.</summary>
    protected abstract Task<int> CountAsync();

    /// <summary>The row's id, to patch it in place.</summary>
    protected abstract Guid IdOf(TRow row);

    /// <summary>How a freshly read row is shown (a tab may keep a state it knows better).</summary>
    protected virtual TRow Shown(TRow row) => row;

    protected override Task OnInitializedAsync()
    {
        Search = UrlSearch;
        Filter = UrlFilter;
        Sort = new ListSort(UrlSort ?? DefaultSort, UrlDescending);
        PageIndex = Math.Max(0, (UrlPage ?? 1) - 1);
        return base.OnInitializedAsync();
    }

    /// <summary>Reads the team total and the current page again (after a create or a delete).</summary>
    protected override async Task ReloadAsync()
    {
        TeamTotal = await CountAsync();
        TotalLoaded = true;
        await ReadPageAsync();
    }

    /// <summary>A column's header was clicked: sorted by it ascending, or the other way when it already was, from the first page.</summary>
    protected Task SortByAsync(string key)
    {
        Sort = Sort.Key == key ? Sort with { Descending = !Sort.Descending } : new ListSort(key, false);
        PageIndex = 0;
        return ReadPageAsync();
    }

    /// <summary>The pager asked for another page.</summary>
    protected Task GoToPageAsync(int pageIndex)
    {
        PageIndex = pageIndex;
        return ReadPageAsync();
    }

    /// <summary>The search box changed (debounced): back to the first page of what it finds.</summary>
    protected Task SearchChangedAsync(string? text)
    {
        Search = text;
        PageIndex = 0;
        return ReadPageAsync();
    }

    /// <summary>A filter was switched on or off (null): back to the first page of what it keeps.</summary>
    protected Task FilterChangedAsync(string? filter)
    {
        Filter = filter;
        PageIndex = 0;
        return ReadPageAsync();
    }

    /// <summary>
    /// Reads the page the view asks for and keeps the view in the URL. A read that a later one
    /// overtook (a keystroke after a keystroke) is cancelled and its rows are dropped. A page past the
    /// end (its last row deleted, or an old link) shows the last page instead.
    /// </summary>
    private async Task ReadPageAsync()
    {
        _reading?.Cancel();
        using var reading = _reading = new CancellationTokenSource();
        var query = new ListQuery
        {
            Search = Search,
            Filter = Filter,
            Sort = Sort.Key,
            Descending = Sort.Descending,
            Page = PageIndex,
            PageSize = ListQuery.DefaultPageSize,
        };
        PageQueries++;
        ListPage<TRow> page;
        try
        {
            page = await QueryAsync(query, reading.Token);
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            if (_reading == reading)
            {
                _reading = null;
            }
        }

        if (reading.IsCancellationRequested)
        {
            return;
        }

        var lastPage = ListQuery.LastPage(page.Matching, query.PageSize);
        if (page.Items.Count == 0 && PageIndex > lastPage)
        {
            PageIndex = lastPage;
            await ReadPageAsync();
            return;
        }

        Rows = page.Items.Select(Shown).ToList();
        Matching = page.Matching;
        PageLoaded = true;
        KeepInUrl(query);
    }

    /// <summary>A read still running when the tab closes is cancelled, and its view never reaches the URL of the page shown next.</summary>
    public void Dispose()
    {
        _reading?.Cancel();
        GC.SuppressFinalize(this);
    }

    /// <summary>Replaces one row of the current page in place (an edit or a verification), if it is shown.</summary>
    protected void Patch(TRow row)
    {
        var index = Rows.FindIndex(r => IdOf(r) == IdOf(row));
        if (index >= 0)
        {
            Rows[index] = Shown(row);
            StateHasChanged();
        }
    }

    /// <summary>A row of the current page, or null.</summary>
    protected TRow? Find(Guid id) => Rows.FirstOrDefault(r => IdOf(r) == id);

    private void KeepInUrl(ListQuery query)
    {
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["page"] = query.Page > 0 ? query.Page + 1 : null,
            ["sort"] = query.Sort is { } sort && (sort != DefaultSort || query.Descending) ? sort : null,
            ["desc"] = query.Descending ? "true" : null,
            ["q"] = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search,
            ["filter"] = query.Filter,
        });
        if (uri != Navigation.Uri && uri != _shownUri)
        {
            _shownUri = uri;
            Navigation.NavigateTo(uri, replace: true);
        }
    }
}

/// <summary>The column a list is sorted by (its sort key) and the direction.</summary>
public readonly record struct ListSort(string Key, bool Descending);
