package ai.babysea.api.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.babysea.api.EmbeddedRedis;
import ai.babysea.api.StubServices;
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
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the api's database of the other test classes, but the service's migrations run by hand into a schema of their
 * own: up to V13 (the sharded in-flight counter), rows written as that release wrote them, then V14 and whatever follows.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class InFlightMigrationTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void v14MovesEveryAccountsShardedCountIntoOneRow() throws Exception {
        String schema = "v14_" + UUID.randomUUID().toString().substring(0, 8);
        UUID spread = UUID.randomUUID();
        UUID single = UUID.randomUUID();
        UUID idle = UUID.randomUUID();
        try {
            flyway(schema, "13").migrate();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".account_in_flight (account_id, shard, generations) "
                         + "VALUES (?, ?, ?)")) {
                for (int shard = 0; shard < 16; shard++) {
                    add(insert, spread, shard, shard % 4); // 0+1+2+3 four times: 24
                }
                add(insert, single, 0, 3);
                add(insert, idle, 0, 0);
                add(insert, idle, 1, 0);
                insert.executeBatch();
            }
            flyway(schema, "latest").migrate();

            Map<String, Integer> rows = new LinkedHashMap<>();
            try (Connection c = dataSource.getConnection();
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT account_id, shard, generations FROM " + schema + ".account_in_flight "
                         + "ORDER BY account_id, shard")) {
                while (rs.next()) {
                    rows.put(rs.getString(1) + "/" + rs.getInt(2), rs.getInt(3));
                }
            }
            assertEquals(Map.of(spread + "/0", 24, single + "/0", 3, idle + "/0", 0), rows, "one row per account, holding its sum");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true)
                .locations("classpath:db/platform", "classpath:db/migration").target(target).load();
    }

    private static void add(PreparedStatement insert, UUID account, int shard, int generations) throws Exception {
        insert.setObject(1, account);
        insert.setInt(2, shard);
        insert.setInt(3, generations);
        insert.addBatch();
    }
}
