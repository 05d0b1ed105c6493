package org.cityhealth.store;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} in an S3 bucket (AWS, or an S3-compatible server such as MinIO or Ceph): the warm and cold
 * tiers. A put of up to {@link #PART_SIZE} bytes is one PUT; a longer one is a multipart upload that holds one
 * part in memory at a time and is aborted on any failure, so no orphan parts stay billed in the bucket. Either
 * way the object appears whole or not at all, as the contract asks. Safe for concurrent use; close it to release
 * its HTTP connections.
 */
public final class S3ObjectStore implements ObjectStore, Closeable {

    /** S3 wants parts of 5 MiB to 5 GiB and at most 10,000 of them: 8 MiB parts allow objects up to 78 GiB. */
    static final int PART_SIZE = 8 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final int MAX_PAGE_SIZE = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int listPageSize;

    public S3ObjectStore(S3Settings settings) {
        this(settings, MAX_PAGE_SIZE);
    }

    /** A smaller {@code listPageSize} lets tests see listings that span pages without thousands of objects. */
    S3ObjectStore(S3Settings settings, int listPageSize) {
        requireNonNull(settings, "settings is null");
        this.s3 = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                // The SDK's default CRC trailers on streamed bodies are refused by many S3-compatible servers
                // (S3Proxy answers XAmzContentSHA256Mismatch); every upload carries a Content-MD5 instead, which
                // every S3 server checks, and which AWS also accepts as the checksum object lock requires.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .build();
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.listPageSize = listPageSize;
    }

    @Override
    public long put(String key, InputStream data) throws IOException {
        return upload(objectKey(key), data, null);
    }

    /**
     * Stores the object under COMPLIANCE-mode retention until {@code retainUntil}: until then nobody, the bucket's
     * owner included, can overwrite or delete this version. The bucket must have object lock enabled (which S3
     * allows only together with versioning), otherwise this refuses with {@link UnsupportedOperationException}
     * and stores nothing. In such a bucket {@link #delete} only hides the key behind a delete marker; the
     * retained version stays until its date.
     */
    public long putRetained(String key, InputStream data, Instant retainUntil) throws IOException {
        String objectKey = objectKey(key);
        requireNonNull(data, "data is null");
        requireNonNull(retainUntil, "retainUntil is null");
        if (!retainUntil.isAfter(Instant.now())) {
            throw new IllegalArgumentException("retention must end in the future, not " + retainUntil);
        }
        requireObjectLock(objectKey);
        return upload(objectKey, data, retainUntil);
    }

    @Override
    public InputStream get(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return new ObjectStream(s3.getObject(request -> request.bucket(bucket).key(objectKey)));
        } catch (SdkException e) {
            if (isMissingKey(e)) {
                throw new NoSuchObjectException(key);
            }
            throw failure("GET", objectKey, e);
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return Optional.of(s3.headObject(request -> request.bucket(bucket).key(objectKey)).contentLength());
        } catch (SdkException e) {
            if (isMissingKey(e)) {
                return Optional.empty();
            }
            throw failure("HEAD", objectKey, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        call("DELETE", objectKey, () -> s3.deleteObject(request -> request.bucket(bucket).key(objectKey)));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        requireNonNull(prefix, "prefix is null");
        String fullPrefix = this.prefix + prefix;
        List<S3Object> objects = call("LIST", fullPrefix, () -> s3.listObjectsV2Paginator(request -> request
                .bucket(bucket).prefix(fullPrefix).maxKeys(listPageSize)).contents().stream().toList());
        List<String> keys = new ArrayList<>(objects.size());
        objects.forEach(object -> keys.add(object.key().substring(this.prefix.length())));
        // S3 already lists in UTF-8 byte order, which equals String order for our ASCII keys; sorting again
        // keeps the contract on S3-compatible servers that do not.
        keys.sort(null);
        return keys;
    }

    @Override
    public void close() {
        s3.close();
    }

    private long upload(String objectKey, InputStream data, Instant retainUntil) throws IOException {
        requireNonNull(data, "data is null");
        // readNBytes grows its array as bytes come, so a small object never costs a whole part's buffer.
        byte[] first = data.readNBytes(PART_SIZE);
        if (first.length < PART_SIZE) {
            call("PUT", objectKey, () -> s3.putObject(request -> {
                request.bucket(bucket).key(objectKey).contentMD5(md5(first, first.length));
                if (retainUntil != null) {
                    request.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(retainUntil);
                }
            }, body(first, first.length)));
            return first.length;
        }
        return uploadInParts(objectKey, data, first, retainUntil);
    }

    /** Uploads the full first part already read into {@code part}, then the rest of {@code data} through it. */
    private long uploadInParts(String objectKey, InputStream data, byte[] part, Instant retainUntil) throws IOException {
        String uploadId = call("create multipart upload", objectKey, () -> s3.createMultipartUpload(request -> {
            request.bucket(bucket).key(objectKey);
            if (retainUntil != null) {
                request.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(retainUntil);
            }
        }).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int length = part.length;
            while (length > 0) {
                if (parts.size() == MAX_PARTS) {
                    throw new IOException("object s3://" + bucket + "/" + objectKey + " exceeds " + MAX_PARTS
                            + " parts of " + PART_SIZE + " bytes");
                }
                int number = parts.size() + 1;
                int partLength = length;
                String eTag = call("upload part " + number, objectKey, () -> s3.uploadPart(request -> request
                        .bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number)
                        .contentMD5(md5(part, partLength)), body(part, partLength)).eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
                total += length;
                length = data.readNBytes(part, 0, part.length);
            }
            call("complete multipart upload", objectKey, () -> s3.completeMultipartUpload(request -> request
                    .bucket(bucket).key(objectKey).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts))));
            return total;
        } catch (IOException | RuntimeException | Error e) {
            try {
                s3.abortMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId));
            } catch (SdkException abortFailure) {
                e.addSuppressed(failure("abort multipart upload", objectKey, abortFailure));
            }
            throw e;
        }
    }

    /** Refuses unless the bucket has object lock enabled: a server that ignored the lock headers would fake WORM. */
    private void requireObjectLock(String objectKey) throws IOException {
        ObjectLockConfiguration configuration;
        try {
            configuration = s3.getObjectLockConfiguration(request -> request.bucket(bucket)).objectLockConfiguration();
        } catch (AwsServiceException e) {
            // AWS answers 404 ObjectLockConfigurationNotFoundError for a bucket without lock; servers that
            // know the request but lack the feature answer 501 NotImplemented.
            if (e.statusCode() != 404 && e.statusCode() != 501 || "NoSuchBucket".equals(errorCode(e))) {
                throw failure("GET object lock configuration for", objectKey, e);
            }
            configuration = null;
        } catch (SdkException e) {
            throw failure("GET object lock configuration for", objectKey, e);
        }
        // S3Proxy does not know the ?object-lock query yet answers 200, which the SDK reads as a configuration
        // with nothing in it: only an explicit "Enabled" counts.
        if (configuration == null || configuration.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            throw new UnsupportedOperationException("bucket " + bucket + " does not have object lock enabled, so "
                    + objectKey + " cannot be stored under retention");
        }
    }

    private <T> T call(String operation, String objectKey, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failure(operation, objectKey, e);
        }
    }

    /**
     * Names the object and the HTTP status; the SDK's own messages never carry the credentials, and neither does
     * anything added here.
     */
    private IOException failure(String operation, String objectKey, SdkException e) {
        String outcome = e instanceof AwsServiceException service
                ? "HTTP " + service.statusCode() + " " + errorCode(service)
                : "no HTTP response (" + e.getMessage() + ")";
        return new IOException("S3 " + operation + " s3://" + bucket + "/" + objectKey + " failed: " + outcome, e);
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "" : e.awsErrorDetails().errorCode();
    }

    /** A missing bucket is a configuration error, not a missing object, whatever operation meets it. */
    private static boolean isMissingKey(SdkException e) {
        return e instanceof NoSuchKeyException
                || e instanceof AwsServiceException service && service.statusCode() == 404
                && !"NoSuchBucket".equals(errorCode(service));
    }

    private String objectKey(String key) {
        return prefix + ObjectStore.checkKey(key);
    }

    /** Base64 of the MD5 digest, as the Content-MD5 header wants it. */
    private static String md5(byte[] buffer, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(buffer, 0, length);
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** Each retry of the SDK reads the part afresh from the buffer, which a plain InputStream body could not. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    /**
     * Aborts the connection when closed before the end: Apache HttpClient would otherwise read the rest of a
     * possibly huge object only to reuse the connection.
     */
    private static final class ObjectStream extends FilterInputStream {

        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        ObjectStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }
}
