package ai.babysea.testing;

import ai.babysea.embedded.EmbeddedS3;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: the shared in-JVM S3 server; sets `babysea.s3.endpoint`, `babysea.s3.access-key`
 * and `babysea.s3.secret-key` (services map these onto their own storage settings).
 */
public class S3TestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        EmbeddedS3 s3 = EmbeddedS3.shared();
        return Map.of(
                "babysea.s3.endpoint", s3.endpoint(),
                "babysea.s3.access-key", EmbeddedS3.ACCESS_KEY,
                "babysea.s3.secret-key", EmbeddedS3.SECRET_KEY);
    }

    @Override
    public void stop() {
        // Shared server; stops at JVM exit.
    }
}
