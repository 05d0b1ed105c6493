package org.cityhealth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 driver against a real S3 server in this JVM: S3Proxy on jclouds' in-memory "transient" blob store,
 * listening on 127.0.0.1. Every test gets its own prefix in one shared bucket, which exercises prefixes too.
 */
class S3ObjectStoreTest extends ObjectStoreContract {

    private static final String ACCESS_KEY = "cityhealth-access";
    private static final String SECRET_KEY = "cityhealth-secret-" + UUID.randomUUID();
    private static final String BUCKET = "hub";

    private static BlobStoreContext blobStore;
    private static S3Proxy server;
    private static URI endpoint;
    private static S3Client raw;

    private final String prefix = "test-" + UUID.randomUUID();
    private S3ObjectStore store;

    @BeforeAll
    static void startServer() throws Exception {
        blobStore = ContextBuilder.newBuilder("transient").credentials("unused", "unused").build(BlobStoreContext.class);
        server = S3Proxy.builder()
                .blobStore(blobStore.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        server.start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!"STARTED".equals(server.getState()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        // A second client, independent of the driver, to look at the bucket as it really is.
        raw = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        raw.createBucket(request -> request.bucket(BUCKET));
    }

    @AfterAll
    static void stopServer() throws Exception {
        raw.close();
        server.stop();
        blobStore.close();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected ObjectStore store() {
        store = open(settings(BUCKET, prefix, SECRET_KEY), 1000);
        return store;
    }

    @Test
    void streamsAnObjectLargerThanOnePartThroughAMultipartUpload() throws Exception {
        ObjectStore store = store();
        long length = 20L * 1024 * 1024 + 5;
        GeneratedStream generated = new GeneratedStream(length, Long.MAX_VALUE);

        assertThat(store.put("imaging/ct.dcm", generated)).isEqualTo(length);

        assertThat(store.size("imaging/ct.dcm")).contains(length);
        // S3 gives a multipart object the ETag "md5-of-part-md5s-N": three parts of 8 MiB, 8 MiB and 4 MiB.
        assertThat(raw.headObject(request -> request.bucket(BUCKET).key(prefix + "/imaging/ct.dcm")).eTag())
                .endsWith("-3\"");
        MessageDigest read = sha256();
        long readLength = 0;
        try (InputStream in = store.get("imaging/ct.dcm")) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; readLength += n) {
                read.update(buffer, 0, n);
            }
        }
        assertThat(readLength).isEqualTo(length);
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(generated.digestHex());
    }

    @Test
    void aFailedMultipartUploadIsAbortedLeavingNoParts() throws IOException {
        ObjectStore store = store();
        // The server does list uploads in progress, so an empty list below means the driver aborted its own.
        String probe = raw.createMultipartUpload(request -> request.bucket(BUCKET).key(prefix + "/probe")).uploadId();
        assertThat(raw.listMultipartUploads(request -> request.bucket(BUCKET).prefix(prefix)).uploads()).hasSize(1);
        raw.abortMultipartUpload(request -> request.bucket(BUCKET).key(prefix + "/probe").uploadId(probe));
        // Fails after a whole part went up, so there is an upload to abort.
        GeneratedStream failing = new GeneratedStream(30L * 1024 * 1024, 10L * 1024 * 1024);

        assertThatThrownBy(() -> store.put("broken-large", failing)).isInstanceOf(IOException.class)
                .hasMessage("sender hung up");

        assertThat(store.size("broken-large")).isEmpty();
        assertThat(raw.listMultipartUploads(request -> request.bucket(BUCKET).prefix(prefix)).uploads()).isEmpty();
    }

    @Test
    void storesAnEmptyObject() throws IOException {
        ObjectStore store = store();
        assertThat(store.put("empty", new byte[0])).isZero();
        assertThat(store.size("empty")).contains(0L);
        try (InputStream in = store.get("empty")) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void closingAGetEarlyLeavesTheStoreUsable() throws IOException {
        ObjectStore store = store();
        store.put("big", new GeneratedStream(12L * 1024 * 1024, Long.MAX_VALUE));
        try (InputStream in = store.get("big")) {
            assertThat(in.readNBytes(10)).hasSize(10);
        }
        store.put("small", "after".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = store.get("small")) {
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("after");
        }
    }

    @Test
    void listsInOrderAcrossPages() throws IOException {
        store = open(settings(BUCKET, prefix, SECRET_KEY), 2);
        for (String key : new String[] {"v/e", "v/a", "v/d", "w/z", "v/b", "v/c"}) {
            store.put(key, new byte[] {1});
        }
        // The server does split listings into pages of max-keys, so the driver really followed continuations.
        assertThat(raw.listObjectsV2(request -> request.bucket(BUCKET).prefix(prefix + "/v/").maxKeys(2)).isTruncated())
                .isTrue();
        assertThat(store.list("v/")).containsExactly("v/a", "v/b", "v/c", "v/d", "v/e");
        assertThat(store.list("")).containsExactly("v/a", "v/b", "v/c", "v/d", "v/e", "w/z");
    }

    @Test
    void aPrefixKeepsStoresInOneBucketApart() throws IOException {
        ObjectStore mine = store();
        try (S3ObjectStore other = open(settings(BUCKET, prefix + "-other/", SECRET_KEY), 1000)) {
            mine.put("same/key", new byte[] {1});
            other.put("same/key", new byte[] {2, 2});

            assertThat(mine.size("same/key")).contains(1L);
            assertThat(other.size("same/key")).contains(2L);
            assertThat(mine.list("")).containsExactly("same/key");
            assertThat(raw.listObjectsV2(request -> request.bucket(BUCKET).prefix(prefix)).contents())
                    .extracting(object -> object.key())
                    .containsExactlyInAnyOrder(prefix + "/same/key", prefix + "-other/same/key");
        }
    }

    @Test
    void failuresNameTheObjectAndTheStatusButNeverTheCredentials() {
        String wrongSecret = "wrong-secret-" + UUID.randomUUID();
        try (S3ObjectStore wrong = open(settings(BUCKET, prefix, wrongSecret), 1000);
             S3ObjectStore noBucket = open(settings("no-such-bucket", prefix, SECRET_KEY), 1000);
             S3ObjectStore noServer = new S3ObjectStore(new S3Settings(URI.create("http://127.0.0.1:1"),
                     "us-east-1", BUCKET, prefix, ACCESS_KEY, wrongSecret, true))) {
            assertThatThrownBy(() -> wrong.put("lab/result.json", new byte[] {1}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://" + BUCKET + "/" + prefix + "/lab/result.json")
                    .hasMessageContaining("HTTP 403")
                    .satisfies(e -> assertThat(messagesOf(e)).doesNotContain(wrongSecret, ACCESS_KEY));
            // A missing bucket is an error in the settings, not a missing object.
            assertThatThrownBy(() -> noBucket.get("lab/result.json"))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(ObjectStore.NoSuchObjectException.class)
                    .hasMessageContaining("HTTP 404 NoSuchBucket");
            assertThatThrownBy(() -> noServer.size("lab/result.json"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://" + BUCKET + "/" + prefix + "/lab/result.json")
                    .hasMessageContaining("no HTTP response")
                    .satisfies(e -> assertThat(messagesOf(e)).doesNotContain(wrongSecret, ACCESS_KEY));
        }
    }

    @Test
    void settingsNeverPrintTheCredentials() {
        S3Settings settings = settings(BUCKET, prefix, SECRET_KEY);
        assertThat(settings.toString()).contains(BUCKET, endpoint.toString()).doesNotContain(SECRET_KEY, ACCESS_KEY);
        assertThat(settings.prefix()).isEqualTo(prefix + "/");
        assertThatThrownBy(() -> settings(BUCKET, "../up", SECRET_KEY)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * S3Proxy 3.1 implements no object lock: it answers 501 NotImplemented to a bucket created with lock, to
     * PutObjectLockConfiguration and to a PUT with retention headers (or, with its ignoreUnknownHeaders option,
     * silently drops them), and answers GET {@code ?object-lock} with an empty 200. So only the refusal can be
     * tested here: the driver must say so and store nothing rather than write an object the caller believes is
     * WORM. Retention itself needs a server with object lock (AWS, MinIO, Ceph).
     */
    @Test
    void retentionIsRefusedWhereTheBucketHasNoObjectLock() throws IOException {
        S3ObjectStore store = (S3ObjectStore) store();
        Instant nextYear = Instant.now().plus(Duration.ofDays(365));

        assertThatThrownBy(() -> store.putRetained("audit/2026.log", InputStream.nullInputStream(), nextYear))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("object lock");
        assertThat(store.size("audit/2026.log")).isEmpty();
        assertThatThrownBy(() -> store.putRetained("audit/2026.log", InputStream.nullInputStream(), Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static S3ObjectStore open(S3Settings settings, int listPageSize) {
        return new S3ObjectStore(settings, listPageSize);
    }

    private static S3Settings settings(String bucket, String prefix, String secretKey) {
        return new S3Settings(endpoint, "us-east-1", bucket, prefix, ACCESS_KEY, secretKey, true);
    }

    private static String messagesOf(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                all.append(messagesOf(suppressed));
            }
        }
        return all.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * {@code length} pseudo-random bytes made while read, never held whole, hashed as they go out; fails like
     * a dropped connection once {@code failAfter} bytes were sent.
     */
    private static final class GeneratedStream extends InputStream {

        private final Random random = new Random(42);
        private final MessageDigest digest = sha256();
        private final long failAfter;
        private long left;
        private long sent;

        GeneratedStream(long length, long failAfter) {
            this.left = length;
            this.failAfter = failAfter;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (sent >= failAfter) {
                throw new IOException("sender hung up");
            }
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, left), 64 * 1024);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            digest.update(chunk);
            System.arraycopy(chunk, 0, buffer, offset, n);
            left -= n;
            sent += n;
            return n;
        }

        String digestHex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
