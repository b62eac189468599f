package ai.babysea.platform.kafka;

import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.EventType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Picks the records of a poll batch a consumer has a use for by their {@code event-type} header, before any JSON is
 * parsed: a consumer that acts on one event type of a topic no longer decodes, traces and dedupes all the others. A
 * record without the header is kept (the consumer decides after parsing it).
 */
public final class RecordFilter {
    private RecordFilter() {
    }

    /** The wire names of event types, for {@link #ofTypes}. */
    public static Set<String> wireNames(EventType... types) {
        return java.util.Arrays.stream(types).map(EventType::wireName).collect(Collectors.toUnmodifiableSet());
    }

    /** The {@code event-type} header of a record, or null when it has none. */
    public static String eventType(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(Topics.HEADER_EVENT_TYPE);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The records whose event type is one of {@code wireNames} (or unknown from the headers), in their order. */
    public static <K, V> List<ConsumerRecord<K, V>> ofTypes(Iterable<ConsumerRecord<K, V>> records, Set<String> wireNames) {
        List<ConsumerRecord<K, V>> kept = new ArrayList<>();
        for (ConsumerRecord<K, V> record : records) {
            String type = eventType(record);
            if (type == null || wireNames.contains(type)) {
                kept.add(record);
            }
        }
        return kept;
    }
}
