// Time to first token: N streamed chat calls per target, one at a time, the targets interleaved
// (A, B, C, A, B, C, ...) over one kept-alive HTTP/1.1 connection each. Timed from just before the
// request is sent to the first "data:" line read; the rest of the stream is then read to its end.
// Usage: Ttft <n> (<name> <chat URL> <Authorization> <Portkey custom host or ->)...
// Prints one line per target: TTFTJSON {"target":..,"n":..,"p50_us":..,"p99_us":..,"errors":..}
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

if (args.Length < 5 || (args.Length - 1) % 4 != 0 || !int.TryParse(args[0], out var n))
{
    Console.Error.WriteLine("Usage: Ttft <n> (<name> <chat URL> <Authorization> <Portkey custom host or ->)...");
    return 2;
}

var targets = args.Skip(1).Chunk(4).Select(a => new Target(a[0], a[1], a[2], a[3] == "-" ? null : a[3])).ToList();
const string Body = """{"model":"bench-stream","messages":[{"role":"user","content":"Say hello."}],"stream":true}""";
var samples = targets.ToDictionary(t => t, _ => new List<double>());
var errors = targets.ToDictionary(t => t, _ => 0);

// Warm-up: connections open, JIT done, caches filled, on every side.
for (var i = 0; i < 20; i++)
{
    foreach (var target in targets)
    {
        await FirstTokenAsync(target);
    }
}

for (var i = 0; i < n; i++)
{
    foreach (var target in targets)
    {
        var elapsed = await FirstTokenAsync(target);
        if (elapsed is { } us)
        {
            samples[target].Add(us);
        }
        else
        {
            errors[target]++;
        }
    }
}

foreach (var target in targets)
{
    var sorted = samples[target].Order().ToList();
    Console.WriteLine($$"""TTFTJSON {"target":"{{target.Name}}","n":{{sorted.Count}},"p50_us":{{Rank(sorted, 0.50):F0}},"p99_us":{{Rank(sorted, 0.99):F0}},"errors":{{errors[target]}}}""");
}

return 0;

// Nearest rank.
static double Rank(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

static async Task<double?> FirstTokenAsync(Target target)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
    request.Headers.TryAddWithoutValidation("Authorization", target.Authorization);
    if (target.PortkeyHost is { } host)
    {
        request.Headers.Add("x-portkey-provider", "openai");
        request.Headers.Add("x-portkey-custom-host", host);
    }

    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
    var clock = Stopwatch.StartNew();
    using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    if (!response.IsSuccessStatusCode)
    {
        await response.Content.ReadAsStringAsync();
        return null;
    }

    await using var stream = await response.Content.ReadAsStreamAsync();
    using var reader = new StreamReader(stream);
    double? first = null;
    while (await reader.ReadLineAsync() is { } line)
    {
        if (first is null && line.StartsWith("data:", StringComparison.Ordinal))
        {
            first = clock.Elapsed.TotalMicroseconds;
        }
    }

    return first;
}

/// <summary>One target: a name for the report, the chat URL, the Authorization value and, for Portkey, the fake's base URL.</summary>
internal sealed record Target(string Name, string Url, string Authorization, string? PortkeyHost)
{
    public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false });
}
