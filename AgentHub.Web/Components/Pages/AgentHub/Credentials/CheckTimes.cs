using System.Globalization;

namespace AgentHub.Web.Components.Pages.AgentHub.Credentials;

/// <summary>How the Credentials tab words the times of checks: relative ("2 h ago"), a failure's start, and the exact time for hovering.</summary>
public static class CheckTimes
{
    /// <summary>The exact time, as the table's other times read.</summary>
    public static string Exact(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"just now", "5 min ago", "2 h ago", "3 d ago".</summary>
    public static string Ago(DateTime utc, DateTime now)
    {
        var age = now - utc;
        return age switch
        {
            _ when age < TimeSpan.FromMinutes(1) => "just now",
            _ when age < TimeSpan.FromHours(1) => $"{(int)age.TotalMinutes} min ago",
            _ when age < TimeSpan.FromDays(1) => $"{(int)age.TotalHours} h ago",
            _ => $"{(int)age.TotalDays} d ago",
        };
    }

    /// <summary>When a failure began: the time alone today ("09:14"), with the date before today ("2026-11-26 09:14").</summary>
    public static string Since(DateTime utc, DateTime now) =>
        utc.ToString(utc.Date == now.Date ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
