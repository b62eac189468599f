package ai.babysea.embedded;

import java.net.URI;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-compatible server in the JVM (s3proxy over jclouds' in-memory "transient" store), for tests and
 * the local stack. Needs `org.gaul:s3proxy` and `jetty-jakarta-servlet-api` on the classpath (optional
 * dependencies of this module) and, in a Quarkus test JVM, Guice excluded from `quarkus-junit`.
 * Clients must use path-style access and `WHEN_REQUIRED` checksums.
 */
public final class EmbeddedS3 implements AutoCloseable {
    /** Access key every client uses. */
    public static final String ACCESS_KEY = "local-access-key";
    /** Secret key every client uses. */
    public static final String SECRET_KEY = "local-secret-key";

    private static EmbeddedS3 shared;

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final int port;

    private EmbeddedS3(int port) {
        this.port = port;
        context = ContextBuilder.newBuilder("transient").credentials(ACCESS_KEY, SECRET_KEY).overrides(new Properties())
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    }

    /** Starts a server on the given port (0: a free one). */
    public static EmbeddedS3 start(int port) {
        EmbeddedS3 s3 = new EmbeddedS3(port == 0 ? Ports.free() : port);
        try {
            s3.proxy.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!AbstractLifeCycle.STARTED.equals(s3.proxy.getState())) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + s3.proxy.getState());
                }
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy failed to start", e);
        }
        return s3;
    }

    /** One server shared by every test of this JVM (stops at JVM exit). */
    public static synchronized EmbeddedS3 shared() {
        if (shared == null) {
            shared = start(0);
            EmbeddedS3 server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-s3-stop"));
        }
        return shared;
    }

    /** The endpoint URL (`http://127.0.0.1:<port>`). */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The port. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // stopping at exit; nothing to recover
        }
        context.close();
    }
}
