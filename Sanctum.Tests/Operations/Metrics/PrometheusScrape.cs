using System.Globalization;
using System.Text.RegularExpressions;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Operations.Metrics;

/// <summary>One sample line of a Prometheus text scrape: <c>name{label="value",...} number</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(string label, string value) => Labels.TryGetValue(label, out var actual) && actual == value;
}

/// <summary>Reads <c>/metrics</c> and finds samples in it.</summary>
public static partial class PrometheusScrape
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /metrics answered {(int)response.StatusCode}: {text}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return Parse(text);
    }

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: '{line}'");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["name"].Value] = label.Groups["value"].Value;
            }
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, CultureInfo.InvariantCulture),
            };
            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, value));
        }
        return samples;
    }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include all of <paramref name="labels"/>,
    /// or null when there is none.</summary>
    public static double? Value(this IReadOnlyList<PrometheusSample> samples, string name, params (string Label, string Value)[] labels)
    {
        var found = samples.Where(s => s.Name == name && labels.All(l => s.Has(l.Label, l.Value))).ToList();
        Assert.True(found.Count <= 1, $"{found.Count} samples of {name} match: {string.Join("; ", found)}");
        return found.Count == 0 ? null : found[0].Value;
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds (the exporter caches a scrape for 300 ms, and the
    /// server records a request after answering it), failing after <see cref="WaitTimeout"/>.</summary>
    public static async Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(HttpClient client, Func<IReadOnlyList<PrometheusSample>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + WaitTimeout;
        while (true)
        {
            var samples = await ScrapeAsync(client);
            if (condition(samples))
            {
                return samples;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"/metrics never showed {what} within {WaitTimeout}");
            }
            await Task.Delay(200);
        }
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(""""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)"""")]
    private static partial Regex Label();
}
