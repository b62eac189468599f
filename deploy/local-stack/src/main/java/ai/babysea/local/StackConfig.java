package ai.babysea.local;

import java.nio.file.Path;

/**
 * Ports and places of one local stack. Every port is configurable (environment variables in
 * {@link Main}); tests pass 0 to pick free ports.
 */
public record StackConfig(
        Path repoRoot,
        Path workDirectory,
        int kafkaPort,
        int postgresPort,
        int workerPostgresPort,
        int apiPort,
        int ledgerPort,
        int routerPort,
        int webhookPort,
        int requestBinPort,
        long simulatorLatencyMs,
        double simulatorFailureRate,
        boolean durablePostgres,
        String internalToken,
        String adminToken) {

    /** The packaged Quarkus application of a service. */
    public Path serviceJar(String service) {
        return repoRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
