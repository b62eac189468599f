package ai.babysea.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The consumers' failure strategy ({@code failure-strategy=dead-letter-queue-unless-stopping}): the connector's
 * dead-letter queue, except while the application is stopping. A record that fails then failed because its consumer's
 * datasource or transaction manager is closing, not because of what it says; the dead-letter queue would take it, its
 * offset would be committed, and the event would reach no consumer again. Instead the record is neither dead-lettered
 * nor acknowledged: its offset (and every later one of its partition) stays uncommitted, and the next instance of the
 * consumer group receives it again; the inbox makes applying it twice harmless.
 */
@ApplicationScoped
@Identifier(DeadLetterUnlessStopping.STRATEGY)
public class DeadLetterUnlessStopping implements KafkaFailureHandler.Factory {
    /** The value of {@code mp.messaging.incoming.<channel>.failure-strategy} that selects this strategy. */
    public static final String STRATEGY = "dead-letter-queue-unless-stopping";
    private static final Logger LOG = Logger.getLogger(DeadLetterUnlessStopping.class);

    /** Counter of the records left uncommitted, tagged with the channel. */
    public static final String LEFT_UNCOMMITTED = "babysea.kafka.records.left.uncommitted";

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetterQueue;
    @Inject
    MeterRegistry meters;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
            BiConsumer<Throwable, Boolean> reportFailure) {
        String channel = config.getChannel();
        Runnable leftUncommitted = meters.counter(LEFT_UNCOMMITTED, "channel", channel)::increment;
        return new Handler(channel, deadLetterQueue.create(config, vertx, consumer, reportFailure), Stopping::now, leftUncommitted);
    }

    /** The strategy of one channel: {@code deadLetterQueue} unless {@code stopping}. */
    static final class Handler implements KafkaFailureHandler {
        private final String channel;
        private final KafkaFailureHandler deadLetterQueue;
        private final BooleanSupplier stopping;
        private final Runnable leftUncommitted;

        Handler(String channel, KafkaFailureHandler deadLetterQueue, BooleanSupplier stopping, Runnable leftUncommitted) {
            this.channel = channel;
            this.deadLetterQueue = deadLetterQueue;
            this.stopping = stopping;
            this.leftUncommitted = leftUncommitted;
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            if (stopping.getAsBoolean()) {
                LOG.warnf("%s leaves %s-%d@%d uncommitted while stopping; it is redelivered after the restart (%s)", channel,
                        record.getTopic(), record.getPartition(), record.getOffset(), String.valueOf(reason));
                leftUncommitted.run();
                return Uni.createFrom().voidItem();
            }
            return deadLetterQueue.handle(record, reason, metadata);
        }

        @Override
        public void terminate() {
            deadLetterQueue.terminate();
        }
    }
}
