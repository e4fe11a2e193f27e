using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;

namespace LearnHub.Media.Storage;

/// <summary>
/// Chooses the storage from configuration: Media:Storage = Local (default) or S3, with Media:S3:ServiceUrl,
/// Bucket, Region, Prefix, AccessKey and SecretKey (without keys the SDK's usual credential sources apply).
/// </summary>
internal static class MediaStorageFactory
{
    public static IMediaStorage Create(IConfiguration configuration, MediaOptions options)
    {
        var local = new LocalMediaStorage(options.Root);
        var kind = configuration["Media:Storage"] ?? "Local";
        if (kind.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            return local;
        }

        if (!kind.Equals("S3", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Media:Storage is '{kind}'; use Local or S3.");
        }

        var s3 = configuration.GetSection("Media:S3");
        var bucket = s3["Bucket"] is { Length: > 0 } name ? name : throw new InvalidOperationException("Media:Storage is S3 but Media:S3:Bucket is not set.");
        var config = new AmazonS3Config
        {
            // Most S3-compatible servers (MinIO, Ceph, test servers) address buckets by path, not by host name.
            ForcePathStyle = s3.GetValue("ForcePathStyle", true),
            // Checksums only where the API demands them: not every S3-compatible server knows the newer trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var region = s3["Region"] is { Length: > 0 } r ? r : "us-east-1";
        if (s3["ServiceUrl"] is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        var client = s3["AccessKey"] is { Length: > 0 } accessKey
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, s3["SecretKey"] ?? ""), config)
            : new AmazonS3Client(config);
        var prefix = (s3["Prefix"] ?? "").Trim('/');
        return new S3MediaStorage(client, bucket, prefix.Length == 0 ? "" : prefix + "/", local);
    }
}
