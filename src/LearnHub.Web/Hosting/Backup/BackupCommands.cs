using System.Runtime.InteropServices;

namespace LearnHub.Web.Hosting.Backup;

/// <summary>
/// <c>backup --to DIR</c> and <c>restore --from DIR [--force]</c>. Unlike the other commands they run before the host
/// is built, on the configuration alone: building it would create keys, a database and media folders in the very data
/// folder a restore must find empty, and a backup should add nothing to the instance it copies.
/// Exit codes: 0 done, 1 refused or failed (with the reason on standard error), 2 wrong arguments.
/// </summary>
internal static class BackupCommands
{
    public const string BackupUsage = "usage: LearnHub.Web backup --to FOLDER";

    public const string RestoreUsage = "usage: LearnHub.Web restore --from FOLDER [--force]";

    public static bool IsInvocation(string[] args) => args.Length >= 1 && args[0] is "backup" or "restore";

    public static async Task<int> RunAsync(IConfiguration configuration, string[] args)
    {
        var restore = args[0] == "restore";
        if (!TryParse(args, restore, out var folder, out var force))
        {
            await Console.Error.WriteLineAsync(restore ? RestoreUsage : BackupUsage);
            return 2;
        }

        // Ctrl+C and systemd's SIGTERM end the command through its clean-up, never half-way through a move.
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        try
        {
            var settings = BackupSettings.Read(configuration);
            return restore
                ? await BackupRestorer.RunAsync(settings, folder, force, cancellation.Token)
                : await BackupWriter.RunAsync(settings, folder, cancellation.Token);
        }
        catch (BackupException e)
        {
            await Console.Error.WriteLineAsync((restore ? "Restore failed: " : "Backup failed: ") + e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync(restore ? "Restore interrupted." : "Backup interrupted.");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            await Console.Error.WriteLineAsync((restore ? "Restore failed: " : "Backup failed: ") + e.Message);
            return 1;
        }
#pragma warning disable CA1031 // the command's last word: anything unforeseen is one line and exit code 1, not a stack trace
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync((restore ? "Restore failed: " : "Backup failed: ") + $"{e.GetType().Name}: {e.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>"--to DIR" / "--to=DIR" for backup; "--from DIR" and "--force" for restore; nothing else.</summary>
    private static bool TryParse(string[] args, bool restore, out string folder, out bool force)
    {
        folder = "";
        force = false;
        var option = restore ? "--from" : "--to";
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == option && i + 1 < args.Length)
            {
                folder = args[++i];
            }
            else if (args[i].StartsWith(option + "=", StringComparison.Ordinal))
            {
                folder = args[i][(option.Length + 1)..];
            }
            else if (restore && args[i] == "--force")
            {
                force = true;
            }
            else
            {
                return false;
            }
        }

        return folder.Length > 0;
    }
}
