package ai.babysea.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.platform.retention.PurgeTarget;
import ai.babysea.platform.retention.RetentionPurger;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Wiring as {@link WebhookDeliveryTest} (same resources, so the same application start): the platform's retention
 * purger bounds both tables of webhook-service that only grew, the inbox (8 days) and the terminal-event dedupe
 * (14 days). Rows are backdated with SQL under ids of this test; one purge run is invoked directly (the scheduled one
 * is off in the test profile).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "webhook"))
class GenerationTerminalsPurgeTest {
    @Inject
    RetentionPurger purger;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void purgesTheInboxAndTheTerminalFactsPastTheirRetentions() throws Exception {
        assertEquals(List.of(new PurgeTarget("inbox", "processed_at", Duration.ofDays(8)),
                new PurgeTarget("webhook_generation_terminals", "recorded_at", Duration.ofDays(14))), purger.targets());
        String run = UUID.randomUUID().toString();
        terminal(run + "-15-days", "15 days");
        terminal(run + "-14-days-1-hour", "14 days 1 hour");
        terminal(run + "-13-days-23-hours", "13 days 23 hours");
        terminal(run + "-fresh", "0 seconds");
        inbox(run + "-9-days", "9 days");
        inbox(run + "-7-days", "7 days");

        purger.purgeAll();

        assertEquals(Set.of(run + "-13-days-23-hours", run + "-fresh"),
                strings("SELECT generation_id FROM webhook_generation_terminals WHERE generation_id LIKE ?", run + "%"));
        assertEquals(Set.of(run + "-7-days"), strings("SELECT event_id FROM inbox WHERE event_id LIKE ?", run + "%"));
    }

    private void terminal(String generationId, String age) throws Exception {
        update("INSERT INTO webhook_generation_terminals (generation_id, event_type, recorded_at) "
                + "VALUES (?, 'generation.completed', now() - ?::interval)", generationId, age);
    }

    private void inbox(String eventId, String age) throws Exception {
        update("INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('webhook.generation-events', ?, now() - ?::interval)",
                eventId, age);
    }

    private void update(String sql, String... params) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }

    private Set<String> strings(String query, String param) throws Exception {
        Set<String> values = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, param);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }
}
