using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Security;

/// <summary>
/// The key ring on disk (<c>AgentHub:DataProtection:KeysPath</c>), read one file at a time so a
/// damaged key file costs only the secrets it encrypted, not the whole app. Data Protection's own
/// file repository stops at the first unreadable file, and every page that needs the ring (sign-in
/// included) fails. Here an unreadable file is skipped, left in place for the operator, and named
/// in an error log line with what to do; <see cref="KeyRingState"/> keeps the list for the health check.
/// </summary>
public sealed class TolerantKeyRepository(DirectoryInfo directory, KeyRingState state, ILoggerFactory loggerFactory) : IXmlRepository
{
    private readonly FileSystemXmlRepository _files = new(directory, loggerFactory);
    private readonly ILogger _logger = loggerFactory.CreateLogger<TolerantKeyRepository>();

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = new List<XElement>();
        var damaged = new List<string>();
        directory.Refresh();
        if (directory.Exists)
        {
            foreach (var file in directory.EnumerateFiles("*.xml", SearchOption.TopDirectoryOnly).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                try
                {
                    using var stream = file.OpenRead();
                    elements.Add(XElement.Load(stream));
                }
                catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
                {
                    damaged.Add(file.Name);
                    if (state.FirstReport(file.Name))
                    {
                        _logger.LogError(
                            "Data Protection key file {KeyFile} in {KeysPath} cannot be read ({Problem}) and is skipped. "
                            + "Credentials encrypted with it read as Needs re-entry until it is restored: copy it back from a backup of {KeysPath}, "
                            + "or move it out of the folder once its credentials have been entered again.",
                            file.Name, directory.FullName, e.GetType().Name, directory.FullName);
                    }
                }
            }
        }

        state.Record(directory.FullName, elements.Count, damaged);
        return elements;
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName) => _files.StoreElement(element, friendlyName);
}

/// <summary>What the last read of the key ring found: how many key files were readable and which were not.</summary>
public sealed class KeyRingState
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _damaged = [];
    private bool _read;

    /// <summary>The key ring's folder, once read.</summary>
    public string? KeysPath { get; private set; }

    /// <summary>Key files the last read could not parse.</summary>
    public IReadOnlyList<string> DamagedFiles
    {
        get
        {
            lock (_gate)
            {
                return _damaged;
            }
        }
    }

    /// <summary>
    /// True when the first read after start found key files and could read none of them: every
    /// stored secret then needs re-entry, whatever key was made since.
    /// </summary>
    public bool NoKeyReadableAtStart { get; private set; }

    internal void Record(string keysPath, int readable, IReadOnlyList<string> damaged)
    {
        lock (_gate)
        {
            KeysPath = keysPath;
            _damaged = damaged;
            if (!_read)
            {
                _read = true;
                NoKeyReadableAtStart = readable == 0 && damaged.Count > 0;
            }
        }
    }

    internal bool FirstReport(string file)
    {
        lock (_gate)
        {
            return _reported.Add(file);
        }
    }
}
