namespace LearnHub.Web.Features.LectureHall.Classes.Certificates;

/// <summary>
/// Settings of class completion certificates (LearnHub:Certificates): the key their serials are signed with (base64;
/// a key file in the data folder when unset — set the same value on every node), the organizer named on a certificate
/// of a class without an organizing unit, the seal image drawn over it (a PNG with transparency; nothing is drawn when
/// unset or missing), and how many verifications one client may ask for a minute.
/// </summary>
public sealed class CertificateOptions
{
    public const string Section = "LearnHub:Certificates";

    public string? SigningKey { get; set; }

    public string? OrganizerName { get; set; }

    public string? SealImagePath { get; set; }

    public int VerificationsPerMinute { get; set; } = 20;
}
