package org.cityhealth.hub.vault;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the hub's objects live (vault, ledger tiles); defaults documented in application.yml. The S3 credentials are
 * read from the environment ({@code CITYHEALTH_S3_ACCESS_KEY}, {@code CITYHEALTH_S3_SECRET_KEY}), never from a file
 * in the repository.
 *
 * @param type      {@code local} (a directory under the data directory) or {@code s3} (any S3-compatible service)
 * @param endpoint  the S3 endpoint, e.g. https://s3.cn-north-1.amazonaws.com.cn or a MinIO/Ceph URL
 * @param pathStyle path-style addressing (MinIO, Ceph and most private clouds); false for virtual-hosted buckets
 */
@ConfigurationProperties("cityhealth.object-store")
public record ObjectStoreSettings(@DefaultValue("local") String type,
                                 URI endpoint,
                                 @DefaultValue("us-east-1") String region,
                                 String bucket,
                                 @DefaultValue("") String prefix,
                                 @DefaultValue("true") boolean pathStyle) {
}
