using System.Collections.Concurrent;
using System.Collections.Frozen;
using AgentHub.Core.AgentKeys;

namespace AgentHub.Core.Gateway;

/// <summary>
/// One immutable reading of what the gateway resolves: agent keys by hash, each team's models by
/// alias with their credentials, and each credential's secrets once decrypted (decrypted on first
/// use, kept until the next change drops the snapshot).
/// </summary>
public sealed class GatewaySnapshot
{
    private readonly FrozenDictionary<string, (AgentKeyIdentity Identity, DateTime? ExpiresAt)> _keys;
    private readonly FrozenDictionary<Guid, FrozenDictionary<string, ModelConnection>> _models;
    private readonly ConcurrentDictionary<Guid, IReadOnlyDictionary<string, string>?> _secrets = new();

    internal GatewaySnapshot(long version, IEnumerable<AgentKey> keys, IEnumerable<ModelConnection> models)
    {
        Version = version;
        _keys = keys.ToFrozenDictionary(
            k => k.Hash,
            k => (new AgentKeyIdentity(k.Id, k.TeamId, k.Name, k.Prefix, k.ModelIds.ToFrozenSet()) { RequestsPerMinute = k.RequestsPerMinute }, k.ExpiresAt),
            StringComparer.Ordinal);
        _models = models.GroupBy(m => m.TeamId).ToFrozenDictionary(
            g => g.Key,
            g => g.ToFrozenDictionary(m => m.NormalizedAlias, StringComparer.Ordinal));
    }

    /// <summary>The <see cref="GatewayStamp"/> version this snapshot was read at.</summary>
    public long Version { get; }

    /// <summary>The live key with this SHA-256 hash, or null (unknown, revoked or expired at <paramref name="now"/>).</summary>
    public AgentKeyIdentity? FindKey(string hash, DateTime now) =>
        _keys.TryGetValue(hash, out var key) && !(key.ExpiresAt <= now) ? key.Identity : null;

    /// <summary>The model the alias names in the key's team, if the key may call it.</summary>
    public ModelConnection? FindModel(AgentKeyIdentity key, string alias) =>
        _models.TryGetValue(key.TeamId, out var team) && team.TryGetValue(ModelConnection.NormalizeAlias(alias), out var model) && key.MayCall(model)
            ? model
            : null;

    /// <summary>The models the key may call.</summary>
    public IEnumerable<ModelConnection> Models(AgentKeyIdentity key) =>
        _models.TryGetValue(key.TeamId, out var team) ? team.Values.Where(key.MayCall) : [];

    /// <summary>The credential's decrypted secrets, decrypting once per snapshot; null when they cannot be read.</summary>
    internal IReadOnlyDictionary<string, string>? Secrets(Credential credential, SecretProtector protector) =>
        _secrets.GetOrAdd(credential.Id, _ => protector.TryUnprotect(credential.ProtectedSecrets, out var secrets) ? secrets : null);
}
