namespace AgentHub.Core.Persistence;

/// <summary>The store behind Agent Hub (<c>AgentHub:Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file beside the app, with the key ring in a folder: one instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server holding the data and the key ring: any number of instances.</summary>
    PostgreSQL,
}
