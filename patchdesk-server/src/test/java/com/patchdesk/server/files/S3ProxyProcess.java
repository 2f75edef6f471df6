package com.patchdesk.server.files;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: s3proxy (copied to {@code target/s3proxy} by the build) in its own
 * JVM, with AWS v2/v4 signatures and a filesystem backend in a temporary folder.
 */
public final class S3ProxyProcess implements AutoCloseable {

    public static final String ACCESS_KEY = "patchdesk-test";
    public static final String SECRET_KEY = "patchdesk-test-secret";

    private final Process process;
    private final URI endpoint;

    private S3ProxyProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static S3ProxyProcess start(Path folder) throws IOException, InterruptedException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing; run the build through Maven "
                    + "(generate-test-resources copies it)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createDirectories(folder.resolve("s3proxy-data"));
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
                        "jclouds.identity=" + ACCESS_KEY,
                        "jclouds.credential=" + SECRET_KEY,
                        ""));
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString(),
                        "--properties",
                        properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("s3proxy.log").toFile())
                .start();
        S3ProxyProcess proxy = new S3ProxyProcess(process, URI.create("http://127.0.0.1:" + port));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(folder.resolve("s3proxy.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return proxy;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        proxy.close();
        throw new IllegalStateException("s3proxy did not start listening on port " + port);
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * A proxy for a {@code @DynamicPropertySource} of a desk test with {@code patchdesk.storage.type=s3}: started on a
     * folder of its own, with {@code bucket} created, and the server's endpoint and keys registered. The test closes it.
     */
    public static S3ProxyProcess startFor(DynamicPropertyRegistry registry, String bucket)
            throws IOException, InterruptedException {
        S3ProxyProcess proxy = start(Files.createTempDirectory("patchdesk-s3proxy"));
        proxy.createBucket(bucket);
        registry.add("patchdesk.storage.s3.endpoint", () -> proxy.endpoint().toString());
        registry.add("patchdesk.storage.s3.access-key", () -> ACCESS_KEY);
        registry.add("patchdesk.storage.s3.secret-key", () -> SECRET_KEY);
        return proxy;
    }

    /** Creates {@code bucket} in this proxy, signed with the test's keys. */
    public void createBucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    /** A client of this proxy, signed with the test's keys and addressed as the server does; the caller closes it. */
    public S3Client client() {
        return StorageConfiguration.s3Client(
                new StorageProperties.S3(endpoint, null, null, ACCESS_KEY, SECRET_KEY, true, null));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
