using System.Text;

namespace Sanctum.Tests.Operations.Deployment;

/// <summary>
/// What CI checks of <c>deploy/</c>: the production overlay renders with <c>kubectl kustomize</c> (the Debian package's
/// kubectl 1.20 on a fresh machine, installed by scripts/prereqs.sh) and describes what docs/operations.md promises.
/// The YAML is turned into JSON by kubectl itself, offline (<c>kubectl label --local -o json</c> removing a label no
/// object has), so no YAML library is needed.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] SecretEnv = ["ConnectionStrings__db", "ConnectionStrings__cache", "Jwt__SigningKey"];

    [Fact]
    public async Task The_base_renders_on_its_own_without_a_secret()
    {
        var objects = await RenderAsync("deploy/base");
        Assert.Contains(objects, o => Kind(o) == "Deployment");
        Assert.DoesNotContain(objects, o => Kind(o) == "Secret");
    }

    [Fact]
    public async Task The_production_overlay_renders_the_api_its_budget_its_autoscaler_and_the_migration_job()
    {
        var objects = await RenderAsync("deploy/overlays/production");

        // Nothing stateful in the cluster: PostgreSQL and Redis are external managed services.
        Assert.DoesNotContain(objects, o => Kind(o) is "StatefulSet" or "Secret");
        Assert.All(objects, o => Assert.Equal("sanctum", o.GetProperty("metadata").GetProperty("namespace").GetString()));

        var deployment = Single(objects, "Deployment");
        var spec = deployment.GetProperty("spec");
        Assert.Equal(3, spec.GetProperty("replicas").GetInt32());
        var podLabels = Labels(spec.GetProperty("template").GetProperty("metadata").GetProperty("labels"));
        Assert.Equal(podLabels, Labels(spec.GetProperty("selector").GetProperty("matchLabels")));
        var pod = spec.GetProperty("template").GetProperty("spec");
        var api = pod.GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "api");
        Assert.Equal("registry.example.com/sanctum/api:1.0.0", api.GetProperty("image").GetString());

        var port = api.GetProperty("ports").EnumerateArray().Single();
        Assert.Equal("http", port.GetProperty("name").GetString());
        Assert.Equal(8080, port.GetProperty("containerPort").GetInt32());
        Assert.Equal("/health/serving", Probe(api, "readinessProbe", "http"));
        Assert.Equal("/health/live", Probe(api, "livenessProbe", "http"));

        var resources = api.GetProperty("resources");
        foreach (var bound in new[] { "requests", "limits" })
        {
            Assert.False(string.IsNullOrEmpty(resources.GetProperty(bound).GetProperty("cpu").GetString()), bound);
            Assert.False(string.IsNullOrEmpty(resources.GetProperty(bound).GetProperty("memory").GetString()), bound);
        }

        var env = Env(api);
        Assert.Equal("skip", env["Database__Migrate"].GetProperty("value").GetString());
        AssertFromSecret(env);
        // The drain (readiness delay + grace, then a telemetry flush of 2 s) ends before the kubelet's kill.
        var drain = int.Parse(env["Shutdown__ReadinessDelaySeconds"].GetProperty("value").GetString()!)
            + int.Parse(env["Shutdown__GraceSeconds"].GetProperty("value").GetString()!);
        Assert.InRange(drain, 1, pod.GetProperty("terminationGracePeriodSeconds").GetInt32() - 3);

        // Settings come from the generated ConfigMap (its hashed name resolved), media from a ReadWriteMany claim mounted
        // where Images__Directory points.
        var configName = api.GetProperty("envFrom").EnumerateArray().Single().GetProperty("configMapRef").GetProperty("name").GetString();
        var config = objects.Single(o => Kind(o) == "ConfigMap" && Name(o) == configName).GetProperty("data");
        Assert.Equal("Production", config.GetProperty("ASPNETCORE_ENVIRONMENT").GetString());
        Assert.Equal("8080", config.GetProperty("ASPNETCORE_HTTP_PORTS").GetString());
        // An environment variable replaces one index of appsettings.json's development origins: all of them are replaced.
        using var appSettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(ToolProcess.RepositoryRoot(), "Sanctum.Api", "appsettings.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var developmentOrigins = appSettings.RootElement.GetProperty("Cors").GetProperty("AllowedOrigins").GetArrayLength();
        for (var i = 0; i < developmentOrigins; i++)
        {
            Assert.True(config.TryGetProperty($"Cors__AllowedOrigins__{i}", out var origin), $"Cors__AllowedOrigins__{i} keeps a development origin");
            Assert.StartsWith("https://", origin.GetString());
        }
        var mediaDirectory = config.GetProperty("Images__Directory").GetString();
        var claim = pod.GetProperty("volumes").EnumerateArray()
            .Single(v => v.TryGetProperty("persistentVolumeClaim", out _)).GetProperty("persistentVolumeClaim").GetProperty("claimName").GetString();
        var mediaVolume = pod.GetProperty("volumes").EnumerateArray().Single(v => v.TryGetProperty("persistentVolumeClaim", out _)).GetProperty("name").GetString();
        Assert.Contains(api.GetProperty("volumeMounts").EnumerateArray(),
            m => m.GetProperty("name").GetString() == mediaVolume && m.GetProperty("mountPath").GetString() == mediaDirectory);
        var pvc = objects.Single(o => Kind(o) == "PersistentVolumeClaim" && Name(o) == claim);
        Assert.Contains("ReadWriteMany", pvc.GetProperty("spec").GetProperty("accessModes").EnumerateArray().Select(m => m.GetString()));

        var service = Single(objects, "Service");
        Assert.Equal(podLabels, Labels(service.GetProperty("spec").GetProperty("selector")));
        Assert.Equal("http", service.GetProperty("spec").GetProperty("ports")[0].GetProperty("targetPort").GetString());

        var pdb = Single(objects, "PodDisruptionBudget");
        Assert.Equal(podLabels, Labels(pdb.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels")));
        Assert.True(pdb.GetProperty("spec").TryGetProperty("maxUnavailable", out var maxUnavailable) && maxUnavailable.GetInt32() >= 1);

        var hpa = Single(objects, "HorizontalPodAutoscaler");
        var target = hpa.GetProperty("spec").GetProperty("scaleTargetRef");
        Assert.Equal("Deployment", target.GetProperty("kind").GetString());
        Assert.Equal(Name(deployment), target.GetProperty("name").GetString());
        var min = hpa.GetProperty("spec").GetProperty("minReplicas").GetInt32();
        var max = hpa.GetProperty("spec").GetProperty("maxReplicas").GetInt32();
        Assert.InRange(spec.GetProperty("replicas").GetInt32(), min, max);
        Assert.True(min >= 2, "one replica left by a disruption budget of 1 would be no service");

        var job = Single(objects, "Job");
        var jobPod = job.GetProperty("spec").GetProperty("template").GetProperty("spec");
        Assert.Equal("Never", jobPod.GetProperty("restartPolicy").GetString());
        var migrate = jobPod.GetProperty("containers").EnumerateArray().Single();
        Assert.Equal(api.GetProperty("image").GetString(), migrate.GetProperty("image").GetString());
        var jobEnv = Env(migrate);
        Assert.Equal("only", jobEnv["Database__Migrate"].GetProperty("value").GetString());
        AssertFromSecret(jobEnv);

        // No plaintext secrets anywhere: no literal value for a secret setting, no password in any rendered text.
        var rendered = string.Join("\n", objects.Select(o => o.GetRawText()));
        Assert.DoesNotContain("password=", rendered, StringComparison.OrdinalIgnoreCase);
        foreach (var container in new[] { api, migrate })
        {
            foreach (var variable in container.GetProperty("env").EnumerateArray())
            {
                var name = variable.GetProperty("name").GetString()!;
                if (name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || name.Contains("Key", StringComparison.Ordinal)
                    || name.Contains("Password", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.False(variable.TryGetProperty("value", out _), $"{name} has a literal value");
                }
            }
        }
    }

    private static void AssertFromSecret(Dictionary<string, JsonElement> env)
    {
        foreach (var name in SecretEnv)
        {
            Assert.True(env.TryGetValue(name, out var variable), $"{name} is not set");
            Assert.False(variable.TryGetProperty("value", out _), $"{name} has a literal value");
            var reference = variable.GetProperty("valueFrom").GetProperty("secretKeyRef");
            Assert.Equal("sanctum-secrets", reference.GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(reference.GetProperty("key").GetString()));
        }
    }

    private static string? Probe(JsonElement container, string probe, string port)
    {
        var get = container.GetProperty(probe).GetProperty("httpGet");
        Assert.Equal(port, get.GetProperty("port").GetString());
        return get.GetProperty("path").GetString();
    }

    private static Dictionary<string, JsonElement> Env(JsonElement container) =>
        container.GetProperty("env").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);

    private static SortedDictionary<string, string> Labels(JsonElement labels) =>
        new(labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));

    private static string? Kind(JsonElement o) => o.GetProperty("kind").GetString();

    private static string? Name(JsonElement o) => o.GetProperty("metadata").GetProperty("name").GetString();

    private static JsonElement Single(IEnumerable<JsonElement> objects, string kind) => Assert.Single(objects, o => Kind(o) == kind);

    /// <summary><c>kubectl kustomize</c> of that folder, as JSON objects.</summary>
    private static async Task<List<JsonElement>> RenderAsync(string folder)
    {
        var kubectl = ToolProcess.Find("kubectl")
            ?? throw new InvalidOperationException("kubectl is not installed: `make test` installs it (scripts/prereqs.sh, Debian package kubernetes-client).");
        // No cluster is ever contacted: an empty configuration, and --local below.
        var offline = new Dictionary<string, string> { ["KUBECONFIG"] = "/dev/null" };
        var root = ToolProcess.RepositoryRoot();
        var yaml = await ToolProcess.RunAsync(kubectl, ["kustomize", folder], TimeSpan.FromSeconds(60), root, environment: offline);
        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        var json = await ToolProcess.RunAsync(kubectl, ["label", "--local", "-f", "-", "-o", "json", "sanctum-render-check-"],
            TimeSpan.FromSeconds(60), root, stdin: yaml.Stdout, environment: offline);
        Assert.True(json.ExitCode == 0, json.ToString());
        return ParseStream(json.Stdout);
    }

    /// <summary>kubectl prints one JSON document per object, one after another.</summary>
    private static List<JsonElement> ParseStream(string text)
    {
        var objects = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var element = document.RootElement.Clone();
            // A single object, or a List of them, depending on the kubectl version.
            objects.AddRange(Kind(element) == "List" ? element.GetProperty("items").EnumerateArray() : [element]);
        }
        Assert.NotEmpty(objects);
        return objects;
    }
}
