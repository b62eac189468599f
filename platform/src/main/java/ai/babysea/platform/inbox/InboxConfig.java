package ai.babysea.platform.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long consumed event ids are remembered (prefix `babysea.inbox`). */
@ConfigMapping(prefix = "babysea.inbox")
public interface InboxConfig {
    /**
     * How long an inbox row is kept after its event was processed; default 8 days. It must stay longer than the
     * retention of every topic the service consumes (7 days, deploy/k8s/base/infra/kafka/topics.yaml): an event is
     * processed after it was produced, so anything Kafka can still redeliver (uncommitted offsets, a rebalance, an
     * offset reset within the retention) still finds its row. Raise it with the topics' retention.
     */
    @WithDefault("8d")
    Duration retention();
}
