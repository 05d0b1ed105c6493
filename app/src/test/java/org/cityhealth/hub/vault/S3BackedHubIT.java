package org.cityhealth.hub.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.TestDatabases;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.identity.ResidentId;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The hub on S3 (a real S3Proxy server in this JVM) instead of the local directory: the vault's raw bytes (encrypted
 * with SM4-GCM under the source's data key) and the ledger's tiles land in the bucket, a restore gives the submission
 * back byte-identical, the log verifies, and cold archives go to the bucket and come back on a read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.test.annotation.DirtiesContext
class S3BackedHubIT {

    private static final String ACCESS_KEY = "test-access-key";
    private static final String SECRET_KEY = "test-secret-key-not-a-real-one";
    private static final String BUCKET = "cityhealth-hub";
    private static BlobStoreContext blobStore;
    private static S3Proxy server;
    private static S3Client s3;

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap accounts;

    @Autowired
    Vault vault;

    @Autowired
    LedgerReader ledger;

    /** The bucket as the hub sees it (the plain, not the encrypting, view). */
    @Autowired
    org.cityhealth.store.ObjectStore objects;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        TestDatabases.h2(registry);
        blobStore = ContextBuilder.newBuilder("transient").credentials("unused", "unused").build(BlobStoreContext.class);
        server = S3Proxy.builder().blobStore(blobStore.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        server.start();
        while (!"STARTED".equals(server.getState())) {
            Thread.sleep(10);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        s3 = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder()).endpointOverride(endpoint).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        s3.createBucket(request -> request.bucket(BUCKET));
        System.setProperty("CITYHEALTH_S3_ACCESS_KEY", ACCESS_KEY);
        System.setProperty("CITYHEALTH_S3_SECRET_KEY", SECRET_KEY);
        registry.add("cityhealth.object-store.type", () -> "s3");
        registry.add("cityhealth.object-store.endpoint", endpoint::toString);
        registry.add("cityhealth.object-store.bucket", () -> BUCKET);
        registry.add("cityhealth.object-store.prefix", () -> "city-a");
        registry.add("cityhealth.encryption.algorithm", () -> "SM4_GCM");
        registry.add("cityhealth.lifecycle.schedule", () -> "0");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        server.stop();
        blobStore.close();
        System.clearProperty("CITYHEALTH_S3_ACCESS_KEY");
        System.clearProperty("CITYHEALTH_S3_SECRET_KEY");
    }

    @Test
    void theVaultAndTheLedgerLiveInTheBucket(@TempDir Path restored) throws Exception {
        HubClient hub = new HubClient(port, accounts.demoPassword());
        String[] source = hub.newSource("S3");
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient","id":"s3-1",
                 "identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"}],"name":[{"text":"对象存储"}]},
                 "request":{"method":"PUT","url":"Patient/s3-1"}},
                 {"resource":{"resourceType":"Observation","id":"s3-o","status":"final","code":{"text":"血糖"},"subject":{"reference":"Patient/s3-1"},
                  "effectiveDateTime":"2015-03-04","valueQuantity":{"value":5.6,"unit":"mmol/L"}},"request":{"method":"PUT","url":"Observation/s3-o"}}]}""".formatted(ResidentId.of("330106", java.time.LocalDate.of(1970, 2, 3), 7).value());
        HubClient.Response stored = hub.postJson(source[1], bundle);
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        String patient = stored.json().path("entry").get(0).path("response").path("location").asText().split("/")[1];
        assertThat(hub.get("/fhir/Patient/" + patient).body()).contains("对象存储");

        List<String> keys = s3.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix("city-a/")).contents().stream()
                .map(S3Object::key).toList();
        String vaultKey = keys.stream().filter(key -> key.startsWith("city-a/vault/" + source[0] + "/")).findFirst().orElseThrow();
        byte[] object;
        try (var in = objects.get(vaultKey.substring("city-a/".length()))) {
            object = in.readAllBytes();
        }
        assertThat(new String(object, 0, 4, StandardCharsets.US_ASCII)).as("vault objects are envelope-encrypted").isEqualTo("CHEO");
        assertThat(object[5]).as("with SM4-GCM, as configured").isEqualTo((byte) 2);
        assertThat(keys).anyMatch(key -> key.startsWith("city-a/data-keys/" + source[0] + "/"));

        vault.restore(source[0], Instant.now().minusSeconds(3600), Instant.now().plusSeconds(60), restored);
        try (var files = Files.list(restored)) {
            Path original = files.filter(path -> path.toString().endsWith(".json")).findFirst().orElseThrow();
            assertThat(Files.readString(original, StandardCharsets.UTF_8)).isEqualTo(bundle);
        }

        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ledger.publishedSize() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> ledgerKeys = s3.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix("city-a/ledger/")).contents().stream()
                .map(S3Object::key).toList();
        assertThat(ledgerKeys).contains("city-a/ledger/checkpoint").anyMatch(key -> key.startsWith("city-a/ledger/tile/0/"));
        // Every tile read back from the bucket recomputes to the published root.
        assertThat(ledger.selfCheck().ok()).isTrue();

        // The 2015 observation goes cold into the bucket, and a read brings it back.
        String observation = hub.get("/fhir/Observation?patient=" + patient).json().path("entry").get(0).path("resource").toString();
        HubClient.Response run = hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.base() + "/admin/storage/lifecycle?asOf=2026-06-01"))
                .header("Authorization", hub.adminAuthorization()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(run.status()).isEqualTo(202);
        long job = run.json().path("id").asLong();
        deadline = System.nanoTime() + 30_000_000_000L;
        while (!"DONE".equals(hub.get("/admin/storage/lifecycle/" + job).json().path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> cold = s3.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix("city-a/cold/")).contents().stream()
                .map(S3Object::key).toList();
        assertThat(cold).anyMatch(key -> key.endsWith(".ndjson.zst")).anyMatch(key -> key.endsWith(".manifest.json"));
        assertThat(hub.get("/fhir/Observation?patient=" + patient).json().path("entry").get(0).path("resource").toString()).isEqualTo(observation);
        assertThat(s3.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix("city-a/cold/")).contents()).as("recalled archives are deleted").isEmpty();
    }
}
