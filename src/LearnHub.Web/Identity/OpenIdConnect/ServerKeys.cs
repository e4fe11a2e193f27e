using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace LearnHub.Web.Identity.OpenIdConnect;

/// <summary>
/// The token signing and encryption keys. Generated on first start and kept in the data folder, so
/// tokens survive restarts and every node sharing the folder signs with the same key; never in the repository.
/// </summary>
internal static class ServerKeys
{
    public const string SigningFile = "oidc-signing.pem";
    public const string EncryptionFile = "oidc-encryption.pem";

    public static RsaSecurityKey LoadOrCreate(string keysFolder, string fileName)
    {
        LearnHub.DataAccess.PrivateFiles.CreateFolder(keysFolder);
        var path = Path.Combine(keysFolder, fileName);
        if (!File.Exists(path))
        {
            Create(path);
        }
        else if (!OperatingSystem.IsWindows())
        {
            // A key copied in by hand (a restore, a new node) may arrive world-readable.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        // A key id derived from the public key stays the same across restarts and nodes.
        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportRSAPublicKey()).AsSpan(0, 16).ToArray()) };
    }

    private static void Create(string path)
    {
        using var rsa = RSA.Create(3072);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        // Written beside the target and moved into place, so a second node starting at the same
        // moment either sees no file or a complete one; the loser of the race keeps the winner's key.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(pem);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
