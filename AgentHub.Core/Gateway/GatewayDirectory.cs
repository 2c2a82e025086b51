using AgentHub.Core.Verification.Http;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Gateway;

/// <summary>
/// The gateway's view of the store, held in memory: agent keys by hash, models by alias with their
/// credentials. Requests read an immutable <see cref="GatewaySnapshot"/>; a change drops it (at once
/// in this instance through <see cref="GatewayChangeInterceptor"/>, within a second in the others
/// through <see cref="GatewayDirectoryRefresher"/>) and the next request loads a new one.
/// </summary>
public sealed class GatewayDirectory
{
    private readonly IDbContextFactory<AgentHubDbContext> _factory;
    private readonly PinnedTrustClients _pinned;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private GatewaySnapshot? _snapshot;
    private long _generation;

    public GatewayDirectory(IDbContextFactory<AgentHubDbContext> factory, GatewayChanges changes, PinnedTrustClients pinned)
    {
        _factory = factory;
        _pinned = pinned;
        changes.Committed += Invalidate;
    }

    /// <summary>The stamp the current snapshot was loaded at, or null when none is loaded.</summary>
    public long? LoadedVersion => Volatile.Read(ref _snapshot)?.Version;

    /// <summary>Drops the snapshot: the next request loads the store's current state.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _snapshot = null;
        }
    }

    /// <summary>The current snapshot, loaded once after each change (one load at a time, others wait for it).</summary>
    public async ValueTask<GatewaySnapshot> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _snapshot) is { } current)
        {
            return current;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _snapshot) is { } loaded)
            {
                return loaded;
            }

            long generation;
            lock (_gate)
            {
                generation = _generation;
            }

            var snapshot = await LoadAsync(cancellationToken);
            lock (_gate)
            {
                // A change announced while loading may be missing from what was read: serve it, keep it not.
                if (generation == _generation)
                {
                    _snapshot = snapshot;
                }
            }

            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The store's change stamp (one indexed row).</summary>
    public async Task<long> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var db = await _factory.CreateDbContextAsync(cancellationToken);
        return await db.Set<GatewayStamp>().AsNoTracking().Where(s => s.Id == GatewayStamp.SingleId)
            .Select(s => s.Version).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<GatewaySnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        // The stamp first: a change committed after it makes the stamp differ, and the snapshot is reloaded.
        var version = await ReadVersionAsync(cancellationToken);
        await using var db = await _factory.CreateDbContextAsync(cancellationToken);
        var keys = await db.AgentKeys.AsNoTracking().ToListAsync(cancellationToken);
        var models = await db.ModelConnections.AsNoTracking().Include(m => m.Credential).ToListAsync(cancellationToken);
        // The clients kept for CAs no model's credential carries any more (a CA replaced, a credential deleted) are let go.
        _pinned.Retain(models.Select(m => m.Credential?.Settings.GetValueOrDefault(FieldKeys.CaCertificate)).OfType<string>());
        return new GatewaySnapshot(version, keys, models);
    }
}
