using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Account;

public sealed class SignInForm
{
    /// <summary>The mobile number (written any way) or the e-mail address of the account.</summary>
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Account.Login")]
    public string Login { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Account.Password")]
    public string Password { get; set; } = "";

    [Display(Name = "Account.RememberMe")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(8, MinimumLength = 6, ErrorMessage = "Validation.Code")]
    [Display(Name = "Account.Code")]
    public string Code { get; set; } = "";

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed record SecurityViewModel(bool TwoFactorEnabled, string? SharedKey, string? AuthenticatorUri);

/// <summary>Sign-in with password and optional TOTP, sign-out, and two-factor set-up.</summary>
[Route("account")]
public sealed class AccountController(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    AccountSessions sessions,
    IStringLocalizer<SharedResource> text,
    TimeProvider clock,
    AuditTrail trail) : Controller
{
    public const string SignInRateLimit = "sign-in";

    [AllowAnonymous]
    [HttpGet("sign-in")]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    /// <summary>
    /// Unknown, disabled, locked and not yet activated accounts get the answer of a wrong password, after checking a
    /// password hash as long as a real one takes: neither the page nor its timing tells whether an account exists or
    /// is locked. Posts are limited per client address too, so one client cannot lock account after account.
    /// </summary>
    [AllowAnonymous]
    [HttpPost("sign-in")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(SignInRateLimit)]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await sessions.FindByLoginAsync(form.Login, HttpContext.RequestAborted);
        if (user is null || user.DisabledAt is not null || user.PasswordHash is null || await users.IsLockedOutAsync(user))
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), UnknownAccountHash, form.Password);
            await trail.RecordAsync(AuditAction.SignInFailed, user is null ? "login:" + form.Login.Trim() : "account:" + user.Id,
                user is null ? "" : user.DisabledAt is not null ? "disabled" : user.PasswordHash is null ? "not activated" : "locked");
            ModelState.AddModelError("", text["Account.InvalidCredentials"]);
            return View(form);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await RecordSignInAsync(user);
            return LocalRedirect(await ReturnOrLandingAsync(form.ReturnUrl, user));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(TwoFactor), new { returnUrl = form.ReturnUrl, rememberMe = form.RememberMe });
        }

        // The failure that locks the account answers like the ones before it.
        ModelState.AddModelError("", text["Account.InvalidCredentials"]);
        return View(form);
    }

    [AllowAnonymous]
    [HttpGet("two-factor")]
    public async Task<IActionResult> TwoFactor(string? returnUrl, bool rememberMe) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? RedirectToAction(nameof(SignIn))
            : View(new TwoFactorForm { ReturnUrl = returnUrl, RememberMe = rememberMe });

    [AllowAnonymous]
    [HttpPost("two-factor")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(SignInRateLimit)]
    public async Task<IActionResult> TwoFactor(TwoFactorForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var code = form.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var pending = await signIn.GetTwoFactorAuthenticationUserAsync();
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, form.RememberMe, rememberClient: false);
        if (result.Succeeded)
        {
            if (pending is not null)
            {
                await RecordSignInAsync(pending);
                return LocalRedirect(await ReturnOrLandingAsync(form.ReturnUrl, pending));
            }

            return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }

        ModelState.AddModelError("", result.IsLockedOut ? text["Account.LockedOut"] : text["Account.InvalidCode"]);
        return View(form);
    }

    [HttpPost("sign-out")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOutUser()
    {
        await sessions.SignOutAsync(User);
        return LocalRedirect("/");
    }

    [AllowAnonymous]
    [HttpGet("denied")]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    [HttpGet("security")]
    public async Task<IActionResult> Security()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return View(nameof(Security), new SecurityViewModel(true, null, null));
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // A new key renews the security stamp, which every cookie is checked against: keep this browser's.
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var uri = $"otpauth://totp/{UrlEncoder.Default.Encode("LearnHub")}:{UrlEncoder.Default.Encode(user.Email ?? user.PhoneNumber ?? user.UserName ?? user.Id)}?secret={key}&issuer=LearnHub&digits=6";
        // Named: the refused enable and disable posts show this page too.
        return View(nameof(Security), new SecurityViewModel(false, FormatKey(key!), uri));
    }

    [HttpPost("security/enable")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> EnableTwoFactor([FromForm] string? code, [FromForm] string? currentPassword)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await CurrentPasswordAsync(user, currentPassword))
        {
            return await Security();
        }

        var token = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, token))
        {
            this.Unflash(FlashKind.Notice);
            ModelState.AddModelError("", text["Account.InvalidCode"]);
            return await Security();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await signIn.RefreshSignInAsync(user);
        this.Flash(FlashKind.Notice, text["Account.TwoFactorOn"].Value);
        return RedirectToAction(nameof(Security));
    }

    [HttpPost("security/disable")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> DisableTwoFactor([FromForm] string? currentPassword)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await CurrentPasswordAsync(user, currentPassword))
        {
            return await Security();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        this.Flash(FlashKind.Notice, text["Account.TwoFactorOff"].Value);
        return RedirectToAction(nameof(Security));
    }

    /// <summary>
    /// Two-factor on or off takes the current password, not only the cookie: whoever holds a left-open browser or a
    /// stolen cookie must not turn the second factor off (or on with their own authenticator). Wrong passwords count
    /// towards the account's lockout like those typed at sign-in.
    /// </summary>
    private async Task<bool> CurrentPasswordAsync(AppUser user, string? currentPassword)
    {
        if (!string.IsNullOrEmpty(currentPassword) && (await signIn.CheckPasswordSignInAsync(user, currentPassword, lockoutOnFailure: true)).Succeeded)
        {
            return true;
        }

        this.Unflash(FlashKind.Notice);
        ModelState.AddModelError("", text["Account.Password.Wrong"]);
        return false;
    }

    /// <summary>A hash of a random password, checked when nobody has the typed login.</summary>
    private static readonly string UnknownAccountHash =
        new PasswordHasher<AppUser>().HashPassword(new AppUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));

    private async Task RecordSignInAsync(AppUser user)
    {
        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        var actor = trail.CurrentActor() with { Id = user.Id, Name = user.DisplayName, Roles = string.Join(",", await users.GetRolesAsync(user)) };
        await trail.RecordAsync(actor, AuditAction.SignedIn, "account:" + user.Id);
    }

    private async Task<string> ReturnOrLandingAsync(string? returnUrl, AppUser user) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : Landing.For(await users.GetRolesAsync(user), user.PersonId);

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/my/learning";

    private static string FormatKey(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4))))).ToLowerInvariant();
}
