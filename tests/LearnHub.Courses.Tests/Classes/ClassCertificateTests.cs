using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Classes;

/// <summary>Completion certificates: signed serials, issue once on the class's ledger credit, revocation by hand and by reversal.</summary>
public sealed class ClassCertificateTests : IAsyncLifetime
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    // 2026-12-03 10:00 in Shanghai; the class ran on 11-26 and 11-27.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero));
    private readonly ScratchDatabase _database = new();
    private int _classId;
    private int _seriesId;
    private int _graduate;
    private int _other;

    public async Task InitializeAsync()
    {
        await using var db = _database.NewContext();
        await db.Database.MigrateAsync();
        var organization = new Organization { Name = "甲协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"),
            SupervisingUnit = new SupervisingUnit { Code = "civil", Name = "省民政厅" } };
        var graduate = new Person { Name = "张小三", Mobile = "13711110001", Organization = organization };
        var other = new Person { Name = "李四", Mobile = "13711110002", Organization = organization };
        db.People.AddRange(graduate, other);
        var series = new LectureHallSeries { Title = "党组织书记示范培训班", Year = 2026, IsClass = true };
        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        var trainingClass = new TrainingClass
        {
            Title = "党组织书记示范培训班", Kind = ClassKind.InPerson, StartsOn = new DateOnly(2026, 11, 26), EndsOn = new DateOnly(2026, 11, 27),
            Capacity = 10, SeriesId = series.Id,
        };
        db.TrainingClasses.Add(trainingClass);
        await db.SaveChangesAsync();
        (_classId, _seriesId, _graduate, _other) = (trainingClass.Id, series.Id, graduate.Id, other.Id);
        // The class's credit, as the settlement of its attendance makes it.
        var reference = LedgerReference.ForClass(series.Id).Value;
        await new TrainingLedger(db, _clock).CreditAsync(new LedgerCredit(graduate.Id, new DateOnly(2026, 11, 27), 12m, LedgerSource.InPersonAttendance,
            true, reference, reference, trainingClass.Title, TrainingLedger.System));
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private ClassCertificates Certificates(CoursesDbContext db) => new(db, new CertificateSerials(Key), (_, _) => Task.FromResult(7.5m), _clock.Programme());

    [Fact]
    public void A_serial_reads_back_as_genuine_in_any_typing_and_fails_when_one_character_changes()
    {
        var serials = new CertificateSerials(Key);
        var serial = serials.Next(2026);

        Assert.Matches("^LH-2026-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", serial);
        Assert.Equal(SerialCheck.Genuine, serials.Check(serial, out var canonical));
        Assert.Equal(serial, canonical);
        // Lower case, spaces instead of dashes, and O typed for 0 are read as the same serial.
        var typed = " " + serial.ToLowerInvariant().Replace('-', ' ').Replace('0', 'o') + " ";
        Assert.Equal(SerialCheck.Genuine, serials.Check(typed, out canonical));
        Assert.Equal(serial, canonical);

        // Every single-character change of the twelve signed characters is refused.
        for (var i = 8; i < serial.Length; i++)
        {
            if (serial[i] == '-')
            {
                continue;
            }

            var altered = serial[..i] + (serial[i] == '7' ? '8' : '7') + serial[(i + 1)..];
            Assert.Equal(SerialCheck.BadSignature, serials.Check(altered, out _));
        }

        // So is another year on the same characters, and anything of another shape.
        Assert.Equal(SerialCheck.BadSignature, serials.Check(serial.Replace("2026", "2025", StringComparison.Ordinal), out _));
        Assert.Equal(SerialCheck.Malformed, serials.Check(serial[..^1], out _));
        Assert.Equal(SerialCheck.Malformed, serials.Check("LH-2026-UUUU-UUUU-UUUU", out _));
        Assert.Equal(SerialCheck.Malformed, serials.Check(null, out _));
    }

    [Fact]
    public void A_serial_signed_with_another_key_is_refused()
    {
        var forged = new CertificateSerials([.. Enumerable.Repeat((byte)7, 32)]).Next(2026);

        Assert.Equal(SerialCheck.BadSignature, new CertificateSerials(Key).Check(forged, out _));
    }

    [Fact]
    public async Task A_certificate_is_issued_once_to_a_person_holding_the_class_credit_and_refused_to_others()
    {
        await using var db = _database.NewContext();
        var certificates = Certificates(db);

        var first = await certificates.IssueAsync(_classId, _graduate);
        var again = await certificates.IssueAsync(_classId, _graduate);
        var refused = await certificates.IssueAsync(_classId, _other);

        Assert.Equal(CertificateOutcome.Issued, first.Outcome);
        Assert.Equal(first.Certificate!.Serial, again.Certificate!.Serial);
        Assert.Equal((12m, 1.6m, new DateOnly(2026, 11, 27)), (first.Certificate.Hours, first.Certificate.CentralizedDays, first.Certificate.CompletedOn));
        Assert.Equal((CertificateOutcome.NotCompleted, null), (refused.Outcome, refused.Certificate));
        Assert.Equal(1, await db.ClassCertificates.CountAsync());
        Assert.Equal(CertificateOutcome.NotFound, (await certificates.IssueAsync(_classId + 99, _graduate)).Outcome);
    }

    [Fact]
    public async Task A_completed_trainee_cannot_withdraw_or_be_refused_on_the_class_s_last_day_while_others_still_can()
    {
        // The afternoon of the last day: the class settled at noon, and its page is still open to changes.
        var lastDay = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero));
        await using var db = _database.NewContext();
        var enrolments = new ClassEnrolments(db, lastDay.Programme());
        db.ClassEnrolments.AddRange(
            new ClassEnrolment { ClassId = _classId, PersonId = _graduate, Status = EnrolmentStatus.Admitted, RequestedBy = "contact-1" },
            new ClassEnrolment { ClassId = _classId, PersonId = _other, Status = EnrolmentStatus.Admitted, RequestedBy = "contact-1" });
        await db.SaveChangesAsync();
        var ids = await db.ClassEnrolments.Where(e => e.ClassId == _classId).ToDictionaryAsync(e => e.PersonId, e => e.Id);

        Assert.Equal(EnrolmentOutcome.Completed, (await enrolments.WithdrawAsync(ids[_graduate], "trainee")).Outcome);
        Assert.Equal(EnrolmentOutcome.Completed, (await enrolments.RefuseAsync(ids[_graduate], "名额调整", "admin-1")).Outcome);
        Assert.Equal(EnrolmentOutcome.Done, (await enrolments.WithdrawAsync(ids[_other], "trainee")).Outcome);
        db.ChangeTracker.Clear();
        Assert.Equal(EnrolmentStatus.Admitted, (await db.ClassEnrolments.SingleAsync(e => e.Id == ids[_graduate])).Status);
    }

    [Fact]
    public async Task Verification_shows_the_masked_name_until_an_administrator_revokes_then_only_the_day()
    {
        await using var db = _database.NewContext();
        var certificates = Certificates(db);
        var certificate = (await certificates.IssueAsync(_classId, _graduate)).Certificate!;

        var genuine = await certificates.VerifyAsync(certificate.Serial.ToLowerInvariant());
        Assert.Equal((VerificationStatus.Genuine, "张*三", "党组织书记示范培训班", 12m), (genuine.Status, genuine.MaskedName, genuine.ClassTitle, genuine.Hours));

        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(RevocationOutcome.ReasonRequired, (await certificates.RevokeAsync(certificate.Id, "  ", "admin-1")).Outcome);
        Assert.Equal(RevocationOutcome.Revoked, (await certificates.RevokeAsync(certificate.Id, "考勤材料不实", "admin-1")).Outcome);
        Assert.Equal(RevocationOutcome.AlreadyRevoked, (await certificates.RevokeAsync(certificate.Id, "再次", "admin-1")).Outcome);

        var revoked = await certificates.VerifyAsync(certificate.Serial);
        Assert.Equal(new CertificateVerification(VerificationStatus.Revoked, certificate.Serial, RevokedOn: new DateOnly(2026, 12, 5)), revoked);
        // The administrator's decision stands: no new certificate for the same credit.
        Assert.Equal(CertificateOutcome.RevokedByOrganizer, (await certificates.IssueAsync(_classId, _graduate)).Outcome);
    }

    [Fact]
    public async Task Reversing_the_class_credit_revokes_the_certificate_with_the_reversal_s_reason()
    {
        await using var db = _database.NewContext();
        var certificates = Certificates(db);
        var certificate = (await certificates.IssueAsync(_classId, _graduate)).Certificate!;

        await new TrainingLedger(db, _clock).ReverseAsync(certificate.CreditEntryId, "请假超过总学时的七分之一", "admin-1");
        var verification = await certificates.VerifyAsync(certificate.Serial);

        Assert.Equal(VerificationStatus.Revoked, verification.Status);
        var stored = await db.ClassCertificates.AsNoTracking().SingleAsync();
        Assert.Equal((ClassCertificate.System, "请假超过总学时的七分之一"), (stored.RevokedBy, stored.RevocationReason));
        Assert.Equal(CertificateOutcome.NotCompleted, (await certificates.IssueAsync(_classId, _graduate)).Outcome);
    }

    [Fact]
    public async Task Unknown_and_forged_serials_reveal_nothing()
    {
        await using var db = _database.NewContext();
        var certificates = Certificates(db);
        await certificates.IssueAsync(_classId, _graduate);

        var unknown = await certificates.VerifyAsync(new CertificateSerials(Key).Next(2026));
        var forged = await certificates.VerifyAsync(new CertificateSerials([.. Enumerable.Repeat((byte)7, 32)]).Next(2026));

        Assert.Equal((VerificationStatus.Unknown, null, null), (unknown.Status, unknown.MaskedName, unknown.ClassTitle));
        Assert.Equal((VerificationStatus.Altered, null, null), (forged.Status, forged.MaskedName, forged.ClassTitle));
    }

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("张小三", "张*三")]
    [InlineData("欧阳小明", "欧**明")]
    [InlineData("王", "*")]
    [InlineData("Anna Li", "A**a L*")]
    public void Names_are_masked_for_the_public(string name, string masked) => Assert.Equal(masked, ClassCertificates.MaskName(name));
}
