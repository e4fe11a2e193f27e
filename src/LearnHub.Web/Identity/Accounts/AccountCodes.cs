using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>Activation and reset codes (LearnHub:Accounts).</summary>
public sealed class AccountOptions
{
    public const string Section = "LearnHub:Accounts";

    /// <summary>How long a code on an activation sheet stays good, in days.</summary>
    public int IssuedCodeDays { get; set; } = 30;

    /// <summary>How long a code sent by SMS stays good, in minutes.</summary>
    public int SmsCodeMinutes { get; set; } = 10;

    /// <summary>How long a reset link sent by e-mail stays good, in minutes.</summary>
    public int EmailLinkMinutes { get; set; } = 60;

    /// <summary>Wrong codes typed for an account before its open codes stop working and a new one is needed.</summary>
    public int MaxCodeFailures { get; set; } = 5;

    /// <summary>Code pages (activate, reset, forgot) a client address may post a minute, whatever the accounts.</summary>
    public int CodePostsPerMinute { get; set; } = 30;

    /// <summary>
    /// Sign-in posts (password and two-factor code) a client address may make a minute, whatever the accounts: the
    /// account's own lockout stops guessing one password, this stops one client locking account after account.
    /// A classroom behind one address shares it.
    /// </summary>
    public int SignInPostsPerMinute { get; set; } = 30;

    /// <summary>
    /// Posts to /connect/token a client address may make a minute: the token endpoint checks client secrets, codes and
    /// refresh tokens, and without a limit one address could guess at them as fast as it can send. An app refreshes its
    /// token a few times an hour, so the default leaves ample room for an office behind one address.
    /// </summary>
    public int TokenPostsPerMinute { get; set; } = 60;

    /// <summary>Key for the codes' hashes, base64 (32 bytes); when empty a key file in the data folder is used.</summary>
    public string? CodeKey { get; set; }
}

/// <summary>What became of a typed code.</summary>
public enum CodeCheck
{
    Accepted = 1,
    /// <summary>Wrong, expired, used, or no code is open for the account: the holder is told the same for each.</summary>
    Refused = 2,
}

/// <summary>
/// Issues and redeems one-time codes (<see cref="AccountCode"/>). A code is stored as an HMAC over the account,
/// the purpose and the code, compared in constant time; it works once, until it expires, for its account only,
/// and every wrong code typed for an account counts against all of that account's open codes.
/// </summary>
public sealed class AccountCodes(AppIdentityDbContext db, AccountCodeKey key, TimeProvider clock, IOptions<AccountOptions> options)
{
    /// <summary>Letters and digits that cannot be mistaken for one another on paper (no 0/O, 1/I/L).</summary>
    private const string IssuedAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private AccountOptions Options => options.Value;

    /// <summary>
    /// Issues a code and ends the account's earlier open codes of the same purpose, so only the newest sheet or
    /// message works. Returns the code as its holder should see it (an issued code as XXXX-XXXX).
    /// </summary>
    public async Task<string> IssueAsync(string userId, CodePurpose purpose, CodeChannel channel, string? issuedById, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await EndOpenCodesAsync(userId, purpose, now, cancellationToken);
        var (row, code) = NewCode(userId, purpose, channel, issuedById, now);
        db.AccountCodes.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return channel == CodeChannel.Issued ? Display(code) : code;
    }

    /// <summary>Issues codes for many accounts in one save (an activation sheet for an organization).</summary>
    public async Task<IReadOnlyDictionary<string, string>> IssueManyAsync(IReadOnlyCollection<string> userIds, string? issuedById, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var now = clock.GetUtcNow();
        var codes = new Dictionary<string, string>(userIds.Count);
        foreach (var chunk in userIds.Chunk(500))
        {
            await db.AccountCodes.Where(c => chunk.Contains(c.UserId) && c.Purpose == CodePurpose.Activation && c.UsedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), cancellationToken);
            foreach (var userId in chunk)
            {
                var (row, code) = NewCode(userId, CodePurpose.Activation, CodeChannel.Issued, issuedById, now);
                db.AccountCodes.Add(row);
                codes[userId] = Display(code);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return codes;
    }

    /// <summary>A new code of the channel's kind and lifetime, and the row that keeps only its hash.</summary>
    private (AccountCode Row, string Code) NewCode(string userId, CodePurpose purpose, CodeChannel channel, string? issuedById, DateTimeOffset now)
    {
        var (code, lifetime) = channel switch
        {
            CodeChannel.Sms => (RandomNumberGenerator.GetString("0123456789", 6), TimeSpan.FromMinutes(Options.SmsCodeMinutes)),
            CodeChannel.Email => (RandomNumberGenerator.GetHexString(32, lowercase: true), TimeSpan.FromMinutes(Options.EmailLinkMinutes)),
            _ => (RandomNumberGenerator.GetString(IssuedAlphabet, 8), TimeSpan.FromDays(Options.IssuedCodeDays)),
        };
        return (new AccountCode
        {
            UserId = userId, Purpose = purpose, Channel = channel, Hash = HashOf(userId, purpose, code), CreatedAt = now,
            ExpiresUtc = (now + lifetime).UtcDateTime, IssuedById = issuedById,
        }, code);
    }

    /// <summary>Whether the typed code is one of the account's open codes for the purpose, without using it up; a wrong code counts.</summary>
    public async Task<CodeCheck> CheckAsync(string userId, CodePurpose purpose, string typed, CancellationToken cancellationToken) =>
        await FindAsync(userId, purpose, typed, cancellationToken) is null ? CodeCheck.Refused : CodeCheck.Accepted;

    /// <summary>Uses the typed code up; Accepted only for the one request that used it (a second, concurrent one is refused).</summary>
    public async Task<CodeCheck> RedeemAsync(string userId, CodePurpose purpose, string typed, CancellationToken cancellationToken)
    {
        if (await FindAsync(userId, purpose, typed, cancellationToken) is not { } id)
        {
            return CodeCheck.Refused;
        }

        var now = clock.GetUtcNow();
        var used = await db.AccountCodes.Where(c => c.Id == id && c.UsedAt == null).ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), cancellationToken);
        if (used == 0)
        {
            return CodeCheck.Refused;
        }

        // One code used ends the others of the purpose: an old sheet must not work after the account was activated.
        await EndOpenCodesAsync(userId, purpose, now, cancellationToken);
        return CodeCheck.Accepted;
    }

    /// <summary>Ends every open code of an account (it was disabled, or its password was set another way).</summary>
    public Task EndOpenCodesAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.AccountCodes.Where(c => c.UserId == userId && c.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), cancellationToken);
    }

    private Task<int> EndOpenCodesAsync(string userId, CodePurpose purpose, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.AccountCodes.Where(c => c.UserId == userId && c.Purpose == purpose && c.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), cancellationToken);

    private async Task<long?> FindAsync(string userId, CodePurpose purpose, string typed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var max = Options.MaxCodeFailures;
        var open = await db.AccountCodes.AsNoTracking()
            .Where(c => c.UserId == userId && c.Purpose == purpose && c.UsedAt == null && c.ExpiresUtc > now && c.Failures < max)
            .Select(c => new { c.Id, c.Hash }).ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return null;
        }

        var hash = Convert.FromBase64String(HashOf(userId, purpose, Normalize(typed)));
        long? found = null;
        foreach (var code in open)
        {
            // Every open code is compared, in constant time, whichever matches.
            if (CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(code.Hash)))
            {
                found = code.Id;
            }
        }

        if (found is null)
        {
            await db.AccountCodes.Where(c => c.UserId == userId && c.Purpose == purpose && c.UsedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Failures, c => c.Failures + 1), cancellationToken);
        }

        return found;
    }

    /// <summary>What a person types, as issued: case and the separators people add do not matter.</summary>
    public static string Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return "";
        }

        var builder = new StringBuilder(typed.Length);
        foreach (var c in typed.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }

    private string HashOf(string userId, CodePurpose purpose, string code) =>
        Convert.ToBase64String(HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes($"{userId}\n{(int)purpose}\n{Normalize(code)}")));

    private static string Display(string code) => code.Length == 8 ? code[..4] + "-" + code[4..] : code;
}

/// <summary>The secret key of the codes' hashes: from configuration, or a file in the data folder readable by its owner only.</summary>
public sealed class AccountCodeKey
{
    public AccountCodeKey(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    public static AccountCodeKey Load(string? configured, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new AccountCodeKey(Convert.FromBase64String(configured));
        }

        if (File.Exists(keyFile))
        {
            return new AccountCodeKey(File.ReadAllBytes(keyFile));
        }

        LearnHub.DataAccess.PrivateFiles.CreateFolder(Path.GetDirectoryName(keyFile)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var file = new FileStream(keyFile, LearnHub.DataAccess.PrivateFiles.CreateNew());
            file.Write(key);
            return new AccountCodeKey(key);
        }
        catch (IOException)
        {
            // Another node created it first: use theirs, so codes agree.
            return new AccountCodeKey(File.ReadAllBytes(keyFile));
        }
    }

    /// <summary>A keyed hash of a value that should not be stored as it is (a number or address in the rate-limit table).</summary>
    public string Digest(string value) =>
        Convert.ToBase64String(HMACSHA256.HashData(Bytes, Encoding.UTF8.GetBytes("digest\n" + value)));
}
