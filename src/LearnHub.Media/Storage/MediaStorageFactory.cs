using Amazon.Runtime;
using Amazon.S3;

namespace LearnHub.Media.Storage;

/// <summary>Makes the storage <see cref="MediaStorageOptions"/> chose: the data folder, or an S3 bucket in front of it.</summary>
internal static class MediaStorageFactory
{
    public static IMediaStorage Create(MediaStorageOptions storage, MediaOptions options)
    {
        var local = new LocalMediaStorage(options.Root);
        if (!storage.UsesS3)
        {
            return local;
        }

        return Bucket(storage.S3, local);
    }

    /// <summary>
    /// The bucket of <paramref name="s3"/> as LearnHub stores media in it. Without <paramref name="local"/> (backup and
    /// restore, which write no folders of their own) only the whole-bucket operations may be used, not uploads.
    /// </summary>
    public static S3MediaStorage Bucket(S3BucketOptions s3, LocalMediaStorage? local = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,
            // Checksums only where the API demands them: not every S3-compatible server knows the newer trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var region = s3.Region.Length > 0 ? s3.Region : "us-east-1";
        if (s3.ServiceUrl.Length > 0)
        {
            config.ServiceURL = s3.ServiceUrl;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        var client = s3.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config)
            : new AmazonS3Client(config);
        var prefix = s3.Prefix.Trim('/');
        return new S3MediaStorage(client, s3.Bucket, prefix.Length == 0 ? "" : prefix + "/", local);
    }
}
