using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LearnHub.Courses.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Web.Tests.Support;

/// <summary>
/// What decides the demo a data folder starts with: the moment it is loaded (every date in it is relative to
/// that day) and the settings that change the loading. Two apps with equal keys would load the same rows.
/// </summary>
public sealed record DemoTemplateKey(DateTimeOffset Start, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>A short name for the key, fit for a folder.</summary>
    public string Name
    {
        get
        {
            var text = new StringBuilder(Start.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            foreach (var (name, value) in Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                text.Append('\n').Append(name).Append('=').Append(value);
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }
}

/// <summary>
/// The migrated SQLite database with the demo loaded, built once per test run for each <see cref="DemoTemplateKey"/>
/// and copied into the data folder of every app that starts from it. Loading the province takes an app several
/// seconds of CPU; a copy takes milliseconds. The template holds exactly what LearnHub's start-up leaves before its
/// background workers run (database, keys, check-in secret, whatever else the loading writes into the data folder),
/// so an app on a copy starts as LearnHub restarted on a freshly loaded demo: its own workers do the rest.
/// </summary>
internal static class DemoTemplate
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "learnhub-tests", $"templates-{Environment.ProcessId}-{Guid.NewGuid():N}");

    // Test classes start in parallel: the first app of a key builds its template, the others wait for it.
    private static readonly ConcurrentDictionary<string, Lazy<string>> Templates = new();

    static DemoTemplate() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(Root);

    /// <summary>Fills an empty data folder with a copy of the template for <paramref name="key"/>, building it first if this run has none yet.</summary>
    public static void CopyTo(string dataPath, DemoTemplateKey key)
    {
        var template = Templates.GetOrAdd(key.Name, name => new Lazy<string>(() => Build(name, key), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        CopyFolder(template, dataPath);
    }

    private static string Build(string name, DemoTemplateKey key)
    {
        var loading = Path.Combine(Root, name + ".loading");
        var ready = Path.Combine(Root, name);
        string connectionString;
        using (var app = new TemplateApp(loading, key))
        {
            connectionString = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LearnHub.DataAccess.DatabaseOptions>>().Value.ConnectionString;
        }

        // The app's pooled connections would keep the loading copy's WAL open; the backup reads a consistent
        // snapshot through its own connection either way, and writes one plain file.
        using (var pooled = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        Directory.CreateDirectory(ready);
        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(loading, "learnhub.db"), Pooling = false }.ToString()))
        using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(ready, "learnhub.db"), Pooling = false }.ToString()))
        {
            source.Open();
            target.Open();
            source.BackupDatabase(target);
        }

        CopyFolder(loading, ready, skip: file => Path.GetFileName(file).StartsWith("learnhub.db", StringComparison.Ordinal));
        DeleteQuietly(loading);
        return ready;
    }

    private static void CopyFolder(string from, string to, Func<string, bool>? skip = null)
    {
        Directory.CreateDirectory(to);
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (skip?.Invoke(file) == true)
            {
                continue;
            }

            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, copy);
            if (!OperatingSystem.IsWindows())
            {
                // Keys are readable by their owner only, and LearnHub checks that they stay so.
                File.SetUnixFileMode(copy, File.GetUnixFileMode(file));
            }
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>
    /// The app that loads a template: the factory's own settings, a clock standing at the key's moment (so every
    /// row it writes is dated at or before the moment an app on a copy starts from), and no background workers,
    /// whose reminders, notices and year opening belong to each app on a copy, as they would after a real start.
    /// </summary>
    private sealed class TemplateApp(string dataPath, DemoTemplateKey key) : LearnHubFactory(dataPath)
    {
        protected override bool StartsFromDemoTemplate => false;

        protected override IReadOnlyDictionary<string, string> DemoSettings => key.Settings;

        protected override TestClock CreateClock() => new(key.Start, running: false);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.RemoveAll<IHostedService>());
        }
    }
}
