using System.Globalization;
using System.Reflection;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.Catalogue.Attachments;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LearnHub.Web.Features.Account.PersonalData;

/// <summary>Why a person cannot be erased yet: a resource key and what it names (role names, class titles).</summary>
public sealed record ErasureObstacle(string MessageKey, IReadOnlyList<string> Subjects);

/// <summary>
/// Erases a person's personal data on request (个人信息保护法 第四十七条, 删除权) while the statistics stay true.
/// What identifies the person goes: name and mobile (a placeholder and a marker in their place), the account's
/// sign-in names, contact details and password (the account is kept, disabled and signed out everywhere, so the
/// activation figures still count it), the free text they wrote or that was written about them (reflections,
/// survey comments, leave reasons, notes, fill-in quiz answers), their uploaded attachments, their notifications and the mail and SMS
/// sent to them. What the statistics count stays, keyed by the person's id: ledger lines, attendance, completions,
/// enrolments, quiz attempts, the organization and positions (and so the tiers). The audit log keeps its lines
/// (it is hash-chained and kept for the period the graded-protection rules require, 第四十七条 第二款) and ages out
/// with its retention.
/// </summary>
public sealed class PersonalDataErasure(
    CoursesDbContext db,
    AppIdentityDbContext identity,
    UserManager<AppUser> users,
    AccountSessions sessions,
    AccountStamps stamps,
    DocumentStore documents,
    TimeProvider clock,
    ILogger<PersonalDataErasure> logger)
{
    /// <summary>The name an erased person's row shows, followed by its id so two erased people stay apart on a roster.</summary>
    public const string Placeholder = "已删除人员";

    /// <summary>Columns of a person's rows that hold what they or others wrote about them: emptied.</summary>
    internal static readonly HashSet<string> ErasedColumns = new(StringComparer.Ordinal)
    {
        "Comment", "Text", "Reason", "Note", "Device", "AttachmentName", "AttachmentType", "AttachmentStoredName",
    };

    /// <summary>
    /// The other text columns of a person's rows, and why each stays. None names or reaches the person once the
    /// person's row and account are anonymised.
    /// </summary>
    internal static readonly Dictionary<string, string> KeptColumns = new(StringComparer.Ordinal)
    {
        ["LessonProgress.Coverage"] = "the watched intervals a completion was credited on",
        ["PlaybackRecord.Intervals"] = "evidence behind a credited lesson, kept as long as the ledger line it supports",
        ["WatchingReversal.Coverage"] = "what a reversal took back from the evidence",
        ["WatchingReversal.ReversedBy"] = "the staff account that acted, not the person",
        ["ClassCertificate.Serial"] = "the certificate's number: a verified copy must still be answered (as issued to an erased person)",
        ["ClassCertificate.RevocationReason"] = "why staff revoked a certificate, part of the certificate's record",
        ["ClassCertificate.RevokedBy"] = "the staff account that acted",
        ["ClassEnrolment.DecidedBy"] = "the staff account that acted",
        ["ClassEnrolment.RequestedBy"] = "an account id, anonymised with the account",
        ["ClassReflection.GradedBy"] = "the staff account that acted",
        ["LeaveRequest.DecidedBy"] = "the staff account that acted",
        ["LeaveRequest.RequestedBy"] = "an account id, anonymised with the account",
        ["LiveAttentionCheck.Code"] = "the code shown in the room, not the person's",
        ["LivePresence.ConnectionId"] = "a transport id that names nobody",
    };

    /// <summary>
    /// Tables kept whole: the ledger is append-only (学时台账), each line's hours and source are what every total adds
    /// up, and its note is the training's title or a staff adjustment's reason, not the person's writing.
    /// </summary>
    internal static readonly HashSet<Type> KeptWhole = [typeof(LedgerEntry)];

    private static readonly MethodInfo LoadMethod = typeof(PersonalDataErasure).GetMethod(nameof(LoadAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>The placeholder name an erased person's row gets.</summary>
    public static string PlaceholderFor(int personId) => Placeholder + "-" + personId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// What stops erasing the person now: their account acting for others (a staff role, a class's head teacher, an
    /// organization's contact person, a lecturer profile) would leave those without anyone. Those are changed first.
    /// </summary>
    public async Task<IReadOnlyList<ErasureObstacle>> ObstaclesAsync(int personId, CancellationToken cancellationToken)
    {
        var obstacles = new List<ErasureObstacle>();
        if (await identity.Users.AsNoTracking().SingleOrDefaultAsync(u => u.PersonId == personId, cancellationToken) is not { } account)
        {
            return obstacles;
        }

        var roles = (await users.GetRolesAsync(account)).Where(r => r != Roles.Trainee).Order(StringComparer.Ordinal).ToList();
        if (roles.Count > 0)
        {
            obstacles.Add(new("Privacy.Blocked.Roles", roles));
        }

        var classes = await db.Set<TrainingClass>().AsNoTracking().Where(c => c.HeadTeacherUserId == account.Id).Select(c => c.Title).ToListAsync(cancellationToken);
        if (classes.Count > 0)
        {
            obstacles.Add(new("Privacy.Blocked.HeadTeacher", classes));
        }

        if (account.ContactOrganizationId is not null || account.LecturerId is not null || account.SupervisingUnitId is not null)
        {
            obstacles.Add(new("Privacy.Blocked.Links", []));
        }

        return obstacles;
    }

    /// <summary>
    /// Erases the person: the account first (so nobody is signed in as them a moment longer), then their rows in one
    /// transaction, then their files. Running it again after a failure finishes what was left.
    /// </summary>
    public async Task EraseAsync(int personId, CancellationToken cancellationToken)
    {
        var person = await db.People.SingleAsync(p => p.Id == personId, cancellationToken);
        var mobile = person.Mobile;
        var account = await identity.Users.SingleOrDefaultAsync(u => u.PersonId == personId, cancellationToken);
        var email = account?.Email;
        if (account is not null)
        {
            await AnonymiseAccountAsync(account, cancellationToken);
        }

        var files = new List<string>();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var (type, key) in PersonRows.Tables(db.Model))
            {
                var columns = type.GetProperties().Where(p => p.ClrType == typeof(string) && ErasedColumns.Contains(p.Name)).ToList();
                if (type.ClrType == typeof(Person) || KeptWhole.Contains(type.ClrType) || columns.Count == 0)
                {
                    continue;
                }

                var rows = await (Task<List<object>>)LoadMethod.MakeGenericMethod(type.ClrType).Invoke(this, [key, personId, cancellationToken])!;
                foreach (var row in rows)
                {
                    var entry = db.Entry(row);
                    foreach (var column in columns)
                    {
                        var value = entry.Property(column.Name);
                        if (column.Name == "AttachmentStoredName" && value.CurrentValue is string stored)
                        {
                            files.Add(stored);
                        }

                        value.CurrentValue = column.IsNullable ? null : "";
                    }
                }
            }

            await EraseFillInAnswersAsync(personId, cancellationToken);
            person.Erase(PlaceholderFor(person.Id));
            if (account is not null)
            {
                await db.Notifications.Where(n => n.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
            }

            // The outboxes address people by number and e-mail, not by id: what was sent to them goes with them.
            if (!mobile.StartsWith(Person.ErasedMobilePrefix, StringComparison.Ordinal))
            {
                await db.OutgoingSms.Where(m => m.To == mobile).ExecuteDeleteAsync(cancellationToken);
            }

            if (!string.IsNullOrEmpty(email))
            {
                await db.OutgoingMail.Where(m => m.To == email).ExecuteDeleteAsync(cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var stored in files)
        {
            try
            {
                documents.Delete(stored);
            }
            catch (IOException e)
            {
                // The row no longer points at it; an orphan file names nobody to anyone who can reach it through LearnHub.
                logger.LogWarning(e, "An erased person's attachment {Stored} could not be deleted", stored);
            }
        }
    }

    /// <summary>
    /// A fill-in answer is the person's own words, but it sits in an attempt's answers, keyed by the attempt and not by
    /// the person, so the walk over tables with a PersonId does not reach it. Its text goes; whether it was right (and
    /// so the attempt's score, the pass and every quiz figure) stays. Chosen options are option numbers, not writing.
    /// </summary>
    private Task<int> EraseFillInAnswersAsync(int personId, CancellationToken cancellationToken) =>
        db.Set<AttemptAnswer>()
            .Where(a => db.Set<QuizAttempt>().Any(t => t.Id == a.AttemptId && t.PersonId == personId)
                && db.Set<Question>().Any(q => q.Id == a.QuestionId && q.Kind == QuestionKind.FillIn))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Response, ""), cancellationToken);

    private async Task AnonymiseAccountAsync(AppUser account, CancellationToken cancellationToken)
    {
        // Every session ends: cookies by a new stamp, apps by revoked tokens.
        await sessions.EndAllAsync(account, cancellationToken);
        var now = clock.GetUtcNow();
        var name = "erased-" + account.Id;
        account.UserName = name;
        account.NormalizedUserName = name.ToUpperInvariant();
        (account.Email, account.NormalizedEmail, account.EmailConfirmed) = (null, null, false);
        (account.PhoneNumber, account.PhoneNumberConfirmed) = (null, false);
        account.DisplayName = PlaceholderFor(account.PersonId!.Value);
        account.PasswordHash = null;
        account.TwoFactorEnabled = false;
        account.NotifyBy = NotificationChannels.None;
        account.DisabledAt ??= now;
        account.DisabledReason = DisabledReason.Erased;
        (account.LockoutEnabled, account.LockoutEnd) = (true, PersonAccounts.DisabledLockout);
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        await identity.UserLogins.Where(l => l.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
        await identity.UserTokens.Where(l => l.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
        await identity.UserClaims.Where(l => l.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
        await identity.AccountCodes.Where(c => c.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
        await identity.AccountAudits.Where(a => a.TargetId == account.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.TargetName, account.DisplayName).SetProperty(a => a.Detail, ""), cancellationToken);
        await identity.AccountAudits.Where(a => a.ActorId == account.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorName, account.DisplayName), cancellationToken);
        await identity.SaveChangesAsync(cancellationToken);
        stamps.Forget(account.Id);
    }

    private async Task<List<object>> LoadAsync<T>(IProperty key, int personId, CancellationToken cancellationToken)
        where T : class =>
        [.. await db.Set<T>().Where(PersonRows.Of<T>(key, personId)).ToListAsync(cancellationToken)];
}
