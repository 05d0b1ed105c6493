package org.cityhealth.hub.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.TestDatabases;
import org.cityhealth.hub.access.AdminBootstrap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** MLLP over TLS with a key store made by the JDK's keytool. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cityhealth.feeds.hl7.mllp-port=0", "cityhealth.feeds.hl7.tls.enabled=true", "cityhealth.mpi.training-check=1h"})
class MllpTlsIT {

    private static final String PASSWORD = "mllp-test-password";
    private static final Path KEY_STORE = keyStore();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        registry.add("cityhealth.feeds.hl7.tls.key-store", KEY_STORE::toString);
        registry.add("cityhealth.feeds.hl7.tls.key-store-password", () -> PASSWORD);
    }

    @LocalServerPort
    int port;
    @Autowired
    AdminBootstrap admin;
    @Autowired
    MllpListener listener;

    private static Path keyStore() {
        try {
            Path file = Files.createTempDirectory("mllp-tls-").resolve("hub.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client that trusts the hub's self-signed certificate, as a hospital given the hub's certificate would. */
    private static SSLContext trusting() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEY_STORE)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("hub", keys.getCertificate("hub"));
        TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        managers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers.getTrustManagers(), null);
        return context;
    }

    @Test
    void aMessageOverTlsIsAcknowledged() throws Exception {
        String[] source = new HubClient(port, admin.demoPassword()).newSource("TL");
        SSLSocket socket = (SSLSocket) trusting().getSocketFactory().createSocket("127.0.0.1", listener.port());
        socket.startHandshake();
        try (MllpSender sender = new MllpSender(socket)) {
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(Hl7Fixtures.bytes("adt_a04_v251.hl7", source[0])))).isEqualTo("AA");
        }
    }
}
