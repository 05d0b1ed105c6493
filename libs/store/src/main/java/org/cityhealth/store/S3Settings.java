package org.cityhealth.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * Where an {@link S3ObjectStore} keeps its objects.
 *
 * @param endpoint  the S3 service, e.g. {@code https://s3.cn-north-1.amazonaws.com.cn} or a MinIO/Ceph URL
 * @param region    the signing region; S3-compatible servers usually accept any, {@code us-east-1} by convention
 * @param bucket    an existing bucket: the store never creates one, so that its lock and versioning settings
 *                  stay an operator's decision
 * @param prefix    a folder inside the bucket for this store's keys, {@code ""} for the whole bucket; a
 *                  trailing {@code /} is implied
 * @param pathStyle {@code true} for {@code endpoint/bucket/key} URLs, which most self-hosted servers need
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix,
                         String accessKey, String secretKey, boolean pathStyle) {

    public S3Settings {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(secretKey, "secretKey is null");
        prefix = prefix == null || prefix.isEmpty() ? "" : ObjectStore.checkKey(stripTrailingSlash(prefix)) + "/";
    }

    /** Names the endpoint, bucket and prefix only: a record's default would print the secret into any log. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix
                + ", pathStyle=" + pathStyle + "]";
    }

    private static String stripTrailingSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
