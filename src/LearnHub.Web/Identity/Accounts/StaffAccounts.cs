using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>Why a staff account could not be made or kept in line with its record.</summary>
public enum StaffAccountProblem
{
    None = 0,
    /// <summary>The mobile number signs in another lecturer or supervisor.</summary>
    MobileTaken = 1,
    EmailTaken = 2,
}

/// <summary>
/// Accounts for lecturers and supervisors, made from their records the way roster people's are: with the mobile
/// number (or e-mail) on the record, no password until activated. Where the number already signs somebody in —
/// a lecturer who is also on a roster — that account gains the role instead of a second account being made.
/// </summary>
public sealed class StaffAccounts(UserManager<AppUser> users, AppIdentityDbContext db, TimeProvider clock)
{
    /// <summary>Makes or updates the lecturer's account; with <paramref name="write"/> false only says whether it could.</summary>
    public Task<StaffAccountProblem> EnsureLecturerAsync(int lecturerId, string name, string mobile, string email, bool write, CancellationToken cancellationToken) =>
        EnsureAsync(Roles.Lecturer, name, mobile, email, u => u.LecturerId == lecturerId, u => u.LecturerId is null, u => u.LecturerId = lecturerId,
            write, cancellationToken);

    /// <summary>Makes (or finds) a supervisor's account for a unit; with <paramref name="write"/> false only says whether it could.</summary>
    public Task<StaffAccountProblem> EnsureSupervisorAsync(int unitId, string name, string mobile, string email, bool write, CancellationToken cancellationToken) =>
        EnsureAsync(Roles.Supervisor, name, mobile, email, u => u.SupervisingUnitId == unitId && (u.PhoneNumber == mobile || u.Email == email),
            u => u.SupervisingUnitId is null, u => u.SupervisingUnitId = unitId, write, cancellationToken);

    private async Task<StaffAccountProblem> EnsureAsync(string role, string name, string mobile, string email,
        System.Linq.Expressions.Expression<Func<AppUser, bool>> linked, Func<AppUser, bool> free, Action<AppUser> link, bool write,
        CancellationToken cancellationToken)
    {
        if (mobile.Length == 0 && email.Length == 0)
        {
            return StaffAccountProblem.None;
        }

        var byMobile = mobile.Length > 0 ? await users.Users.SingleOrDefaultAsync(u => u.PhoneNumber == mobile, cancellationToken) : null;
        var byEmail = email.Length > 0 ? await users.FindByEmailAsync(email) : null;
        var account = await users.Users.FirstOrDefaultAsync(linked, cancellationToken) ?? byMobile ?? byEmail;
        if (byMobile is not null && byMobile != account)
        {
            return StaffAccountProblem.MobileTaken;
        }

        if (byEmail is not null && byEmail.Id != account?.Id)
        {
            return StaffAccountProblem.EmailTaken;
        }

        var created = account is null;
        if (account is null)
        {
            account = new AppUser { UserName = mobile.Length > 0 ? mobile : email, DisplayName = name, LockoutEnabled = true };
        }
        else if (!free(account) && !await users.Users.Where(linked).AnyAsync(u => u.Id == account.Id, cancellationToken))
        {
            // The number's account already acts for another lecturer (or unit): one account, one record of each kind.
            return mobile.Length > 0 && account == byMobile ? StaffAccountProblem.MobileTaken : StaffAccountProblem.EmailTaken;
        }

        if (!write)
        {
            return StaffAccountProblem.None;
        }

        link(account);
        if (mobile.Length > 0 && account.PhoneNumber != mobile)
        {
            account.PhoneNumber = mobile;
            account.PhoneNumberConfirmed = true;
        }

        if (email.Length > 0 && account.Email != email)
        {
            account.Email = email;
            account.EmailConfirmed = true;
        }

        if (account.PersonId is null)
        {
            account.DisplayName = name;
        }

        var result = created ? await users.CreateAsync(account) : await users.UpdateAsync(account);
        if (result.Succeeded && !await users.IsInRoleAsync(account, role))
        {
            result = await users.AddToRoleAsync(account, role);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }

        if (created)
        {
            db.AccountAudits.Add(AccountAudit.Of(account, AccountAction.Created, clock.GetUtcNow(), null, role));
            await db.SaveChangesAsync(cancellationToken);
        }

        return StaffAccountProblem.None;
    }
}
