using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Account;

/// <summary>
/// Passwords: activating a new account with its code, "forgot password" by SMS code or e-mail link, and the
/// account page where the signed-in user changes their password and chooses how they are told things. The
/// anonymous pages answer alike whether or not an account exists.
/// </summary>
[Route("account")]
public sealed class PasswordController(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    CodePasswords passwords,
    AccountCodes codes,
    AccountSessions sessions,
    CodeRequestLimits limits,
    AccountMessenger messenger,
    CoursesDbContext db,
    IOptions<AccountOptions> accountOptions,
    LearnHub.Web.Hosting.PublicAddress publicAddress,
    IStringLocalizer<SharedResource> text,
    TimeProvider clock) : Controller
{
    public const string CodesRateLimit = "account-codes";

    [AllowAnonymous]
    [HttpGet("activate")]
    public IActionResult Activate() => View("CodePassword", new CodePasswordForm { Purpose = CodePurpose.Activation });

    [AllowAnonymous]
    [HttpPost("activate")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(CodesRateLimit)]
    public Task<IActionResult> Activate(CodePasswordForm form, CancellationToken cancellationToken) =>
        SetWithCodeAsync(form, CodePurpose.Activation, cancellationToken);

    [AllowAnonymous]
    [HttpGet("reset")]
    public IActionResult Reset() => View("CodePassword", new CodePasswordForm { Purpose = CodePurpose.Reset });

    [AllowAnonymous]
    [HttpPost("reset")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(CodesRateLimit)]
    public Task<IActionResult> Reset(CodePasswordForm form, CancellationToken cancellationToken) =>
        SetWithCodeAsync(form, CodePurpose.Reset, cancellationToken);

    [AllowAnonymous]
    [HttpGet("forgot")]
    public IActionResult Forgot() => View(ForgotModel(new ForgotForm()));

    /// <summary>
    /// Sends a reset code by SMS to a mobile number, or a reset link to an e-mail address, when the account exists
    /// and can receive it; the page that follows says the same either way.
    /// </summary>
    [AllowAnonymous]
    [HttpPost("forgot")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(CodesRateLimit)]
    public async Task<IActionResult> Forgot(ForgotForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var isMobile = MobileNumber.TryNormalize(form.Login, out var mobile);
        if (ModelState.IsValid && !isMobile && !form.Login.Contains('@', StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(form.Login), text["Account.LoginInvalid"]);
        }

        if (!ModelState.IsValid)
        {
            return View(ForgotModel(form));
        }

        var user = await sessions.FindByLoginAsync(form.Login, cancellationToken);
        var usable = user is { DisabledAt: null };
        if (isMobile)
        {
            if (!messenger.SmsEnabled)
            {
                ModelState.AddModelError("", text["Account.SmsOff"]);
                return View(ForgotModel(form));
            }

            if (!await limits.TryCountAsync(mobile, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken))
            {
                ModelState.AddModelError("", text["Account.TooManyCodes"]);
                return View(ForgotModel(form));
            }

            if (usable)
            {
                var code = await codes.IssueAsync(user!.Id, CodePurpose.Reset, CodeChannel.Sms, null, cancellationToken);
                await messenger.SendCodeAsync(mobile, code, clock.GetUtcNow().AddMinutes(accountOptions.Value.SmsCodeMinutes), cancellationToken);
            }

            this.Flash(FlashKind.Notice, text["Account.CodeSentIfKnown"].Value);
            return Redirect("/account/reset#l=" + Uri.EscapeDataString(mobile));
        }

        if (usable && messenger.MailEnabled && user!.Email is { Length: > 0 } address && user.PasswordHash is not null)
        {
            var code = await codes.IssueAsync(user.Id, CodePurpose.Reset, CodeChannel.Email, null, cancellationToken);
            var link = PublicBase() + "/account/reset#l=" + Uri.EscapeDataString(address) + "&c=" + code;
            await messenger.SendResetLinkAsync(address, link, cancellationToken);
        }

        this.Flash(FlashKind.Notice, text["Account.LinkSentIfKnown"].Value);
        return RedirectToAction(nameof(Forgot));
    }

    [HttpGet("")]
    public async Task<IActionResult> Profile(CancellationToken cancellationToken) =>
        await users.GetUserAsync(User) is { } user ? View(await ProfileAsync(user, new ChangePasswordForm(), cancellationToken)) : Challenge();

    [HttpPost("password")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> ChangePassword([Bind(Prefix = "PasswordForm")] ChangePasswordForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (ModelState.IsValid)
        {
            var changed = await users.ChangePasswordAsync(user, form.CurrentPassword, form.Password);
            if (changed.Succeeded)
            {
                // Every other device signs out; this one is signed in again with the new stamp.
                await sessions.EndAllAsync(user, cancellationToken);
                await sessions.AuditAsync(user, user, AccountAction.PasswordChanged, "", cancellationToken);
                await signIn.RefreshSignInAsync(user);
                this.Flash(FlashKind.Notice, text["Account.PasswordChanged"].Value);
                return RedirectToAction(nameof(Profile));
            }

            foreach (var error in changed.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "PasswordForm.CurrentPassword" : "PasswordForm.Password", Describe(error));
            }
        }

        return View(nameof(Profile), await ProfileAsync(user, new ChangePasswordForm(), cancellationToken));
    }

    [HttpPost("notifications")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Notifications([FromForm] bool email, [FromForm] bool sms)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        // A channel the account cannot use now (no address, SMS not set up) keeps its setting for when it can.
        var channels = user.NotifyBy;
        if (user.Email is not null)
        {
            channels = email ? channels | NotificationChannels.Email : channels & ~NotificationChannels.Email;
        }

        if (user.PhoneNumber is not null && messenger.SmsEnabled)
        {
            channels = sms ? channels | NotificationChannels.Sms : channels & ~NotificationChannels.Sms;
        }

        user.NotifyBy = channels;
        await users.UpdateAsync(user);
        this.Flash(FlashKind.Notice, text["Account.PreferencesSaved"].Value);
        return RedirectToAction(nameof(Profile));
    }

    private async Task<IActionResult> SetWithCodeAsync(CodePasswordForm form, CodePurpose purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Purpose = purpose;
        if (!ModelState.IsValid)
        {
            return View("CodePassword", form);
        }

        var outcome = await passwords.SetAsync(form.Login, purpose, form.Code, form.Password, cancellationToken);
        switch (outcome.Result)
        {
            case CodePasswordResult.Done:
                await signIn.SignInAsync(outcome.User!, isPersistent: false);
                outcome.User!.LastSignInAt = clock.GetUtcNow();
                await users.UpdateAsync(outcome.User);
                this.Flash(FlashKind.Notice, text[outcome.FirstActivation ? "Account.Activated" : "Account.PasswordReset"].Value);
                return LocalRedirect(Landing.For(await users.GetRolesAsync(outcome.User), outcome.User.PersonId));
            case CodePasswordResult.PasswordRefused:
                foreach (var error in outcome.Errors)
                {
                    ModelState.AddModelError(nameof(form.Password), Describe(error));
                }

                break;
            default:
                ModelState.AddModelError("", text["Account.CodeRefused"]);
                break;
        }

        return View("CodePassword", form);
    }

    /// <summary>Identity's refusals in the user's language: each known code has its text, anything else a general one.</summary>
    private string Describe(IdentityError error) => error.Code switch
    {
        "PasswordTooShort" => text["Account.Password.TooShort", users.Options.Password.RequiredLength],
        "PasswordRequiresDigit" => text["Account.Password.Digit"],
        "PasswordRequiresLower" => text["Account.Password.Lower"],
        "PasswordRequiresUpper" => text["Account.Password.Upper"],
        "PasswordRequiresUniqueChars" => text["Account.Password.Unique"],
        "PasswordMismatch" => text["Account.Password.Wrong"],
        PasswordRules.IsMobileCode => text["Account.Password.IsMobile"],
        PasswordRules.IsDemoCode => text["Account.Password.IsDemo"],
        _ => text["Account.Password.Refused"],
    };

    private ForgotViewModel ForgotModel(ForgotForm form) => new(form, messenger.SmsEnabled, messenger.MailEnabled);

    private async Task<ProfileViewModel> ProfileAsync(AppUser user, ChangePasswordForm form, CancellationToken cancellationToken)
    {
        var organization = user.PersonId is { } personId
            ? await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Organization!.Name).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new ProfileViewModel(user.DisplayName, user.PhoneNumber, user.Email, organization,
            user.NotifyBy.HasFlag(NotificationChannels.Email), user.NotifyBy.HasFlag(NotificationChannels.Sms), messenger.SmsEnabled,
            user.TwoFactorEnabled, user.LastSignInAt, form);
    }

    private string PublicBase() => publicAddress.Base(Request);
}

public sealed record ForgotViewModel(ForgotForm Form, bool SmsEnabled, bool MailEnabled);
