using LearnHub.Web.Audit;
using LearnHub.Web.Identity;

namespace LearnHub.Web.Hosting;

/// <summary>
/// The operator's commands run by the same binary instead of the web host: <c>admin create …</c> and
/// <c>audit verify</c> run against the configured database once it is migrated, then exit; <c>backup</c> and
/// <c>restore</c> run before the host is built.
/// </summary>
internal static class HostCommands
{
    public static bool IsInvocation(string[] args) => AdminCommand.IsInvocation(args) || IsAuditVerify(args) || RunsBeforeHost(args);

    /// <summary>
    /// <c>backup --to DIR</c> and <c>restore --from DIR [--force]</c> run on the configuration alone, before the host is
    /// built: building it creates keys and a database in the data folder (see <see cref="Backup.BackupCommands"/>).
    /// </summary>
    public static bool RunsBeforeHost(string[] args) => Backup.BackupCommands.IsInvocation(args);

    public static Task<int> RunBeforeHostAsync(IConfiguration configuration, string[] args) => Backup.BackupCommands.RunAsync(configuration, args);

    /// <summary>The arguments the web host should see: a command's own words are not configuration.</summary>
    public static string[] HostArguments(string[] args) => IsInvocation(args) ? [] : args;

    public static Task<int> RunAsync(IServiceProvider services, string[] args) =>
        IsAuditVerify(args) ? VerifyAuditAsync(services) : AdminCommand.RunAsync(services, args);

    private static bool IsAuditVerify(string[] args) => args.Length >= 2 && args[0] == "audit" && args[1] == "verify";

    /// <summary><c>audit verify</c>: walks the audit log's hash chain; exit code 0 when it is whole, 1 when it is broken.</summary>
    private static async Task<int> VerifyAuditAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditLogQueries>().VerifyAsync(CancellationToken.None);
        if (result.Intact)
        {
            Console.WriteLine($"Audit log intact: {result.Checked} lines checked.");
            return 0;
        }

        await Console.Error.WriteLineAsync($"Audit log broken at line {result.BrokenAt}: {result.Break} ({result.Checked} lines before it are sound).");
        return 1;
    }
}
