using System.ComponentModel.DataAnnotations;
using LearnHub.Web.Identity.Accounts;

namespace LearnHub.Web.Features.Account;

/// <summary>Setting a password with a one-time code: activation (mobile number and activation code) or a reset.</summary>
public sealed class CodePasswordForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Account.Login")]
    public string Login { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(64, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Account.OneTimeCode")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Account.NewPassword")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Compare(nameof(Password), ErrorMessage = "Account.PasswordsDiffer")]
    [DataType(DataType.Password)]
    [Display(Name = "Account.ConfirmPassword")]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>Not posted: which page the form is on.</summary>
    public CodePurpose Purpose { get; set; }
}

public sealed class ForgotForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Account.Login")]
    public string Login { get; set; } = "";
}

public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Account.CurrentPassword")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(128, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Account.NewPassword")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Compare(nameof(Password), ErrorMessage = "Account.PasswordsDiffer")]
    [DataType(DataType.Password)]
    [Display(Name = "Account.ConfirmPassword")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>The account page: who the account is, how it is told things, its password.</summary>
public sealed record ProfileViewModel(
    string DisplayName,
    string? Mobile,
    string? Email,
    string? Organization,
    bool NotifyByEmail,
    bool NotifyBySms,
    bool SmsAvailable,
    bool TwoFactorEnabled,
    DateTimeOffset? LastSignInAt,
    ChangePasswordForm PasswordForm);
