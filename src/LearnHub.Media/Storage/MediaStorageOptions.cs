using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Media.Storage;

/// <summary>
/// Where media files are kept (the <c>Media</c> section): Media:Storage = Local (default) or S3, with
/// Media:S3:ServiceUrl, Bucket, Region, Prefix, AccessKey and SecretKey (without keys the SDK's usual
/// credential sources apply).
/// </summary>
internal sealed class MediaStorageOptions
{
    public const string Section = "Media";

    /// <summary>Local or S3, in any case; a string rather than an enum so a wrong value gets this type's message, not the binder's.</summary>
    public string Storage { get; set; } = "Local";

    public S3BucketOptions S3 { get; set; } = new();

    public bool UsesS3 => Storage.Equals("S3", StringComparison.OrdinalIgnoreCase);

    public static void AddTo(IServiceCollection services) => services.AddOptions<MediaStorageOptions>()
        .BindConfiguration(Section)
        .Validate(o => o.UsesS3 || o.Storage.Equals("Local", StringComparison.OrdinalIgnoreCase), "Media:Storage must be Local or S3.")
        .Validate(o => !o.UsesS3 || o.S3.Bucket.Length > 0, "Media:Storage is S3 but Media:S3:Bucket is not set.")
        .ValidateOnStart();
}

/// <summary>The bucket of <c>Media:Storage=S3</c> (Media:S3:*).</summary>
internal sealed class S3BucketOptions
{
    /// <summary>An S3-compatible server's address; empty for AWS itself, found from the region.</summary>
    public string ServiceUrl { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    /// <summary>Folders in the bucket before LearnHub's keys, so one bucket can serve several installations.</summary>
    public string Prefix { get; set; } = "";

    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>Most S3-compatible servers (MinIO, Ceph, test servers) address buckets by path, not by host name.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
