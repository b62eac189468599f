# console: Quarkus JVM image (fast-jar layout) of the web console (static app and /config.json). No build stage:
# the jar is built by Maven first (the front end is bundled by the Quarkus build, no npm).
#
#   ./mvnw -B package -DskipTests -pl console -am
#   docker build -f deploy/docker/console.Dockerfile -t ghcr.io/babysea-ai/console:0.1.0 console
#
# The build context is the module directory (console/); only target/quarkus-app is copied.
# Base image pinned to a Temurin 17 JRE release tag (pin it by digest in your registry for bit-for-bit rebuilds).
FROM eclipse-temurin:17.0.15_6-jre-jammy

# A fixed, unprivileged uid/gid (10001) matching the Deployment's securityContext (runAsUser/runAsGroup 10001).
RUN groupadd --system --gid 10001 babysea \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin babysea

# Dependencies first (change rarely, cached layer), then the application. Files stay owned by root and are only
# readable by the service user: the container runs with a read-only root filesystem and writes only to /tmp.
COPY target/quarkus-app/lib/ /deployments/lib/
COPY target/quarkus-app/*.jar /deployments/
COPY target/quarkus-app/app/ /deployments/app/
COPY target/quarkus-app/quarkus/ /deployments/quarkus/

WORKDIR /deployments
USER 10001:10001
# 8084: the app; 9000: health (quarkus.management), for the probes only
EXPOSE 8084
EXPOSE 9000

# Extra JVM flags come from JAVA_TOOL_OPTIONS (ConfigMap babysea-common); no shell, so SIGTERM reaches the JVM
# directly and Quarkus shuts down gracefully.
ENTRYPOINT ["java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
