package ai.babysea.router.storage;

import ai.babysea.platform.jdbc.Sql;
import ai.babysea.router.config.RouterConfig;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Keeps outputs in the router's own PostgreSQL (table `output_files`) and serves them at
 * `{public-base-url}/outputs/{generation_id}/{index}.{ext}`. The default store so the system runs with
 * nothing but PostgreSQL; object storage replaces it when configured.
 */
@ApplicationScoped
@Typed(DatabaseOutputStore.class)
public class DatabaseOutputStore implements OutputStore {
    private final Sql sql;
    private final String publicBaseUrl;

    DatabaseOutputStore(Sql sql, RouterConfig config) {
        this.sql = sql;
        this.publicBaseUrl = config.publicBaseUrl().replaceAll("/+$", "");
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String put(String generationId, int index, String extension, String contentType, byte[] content) {
        sql.update("INSERT INTO output_files (generation_id, file_index, extension, content_type, content) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (generation_id, file_index) DO UPDATE SET extension = EXCLUDED.extension, "
                        + "content_type = EXCLUDED.content_type, content = EXCLUDED.content",
                generationId, index, extension, contentType, content);
        return publicBaseUrl + "/outputs/" + generationId + "/" + index + "." + extension;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<StoredFile> get(String generationId, int index) {
        return sql.queryOne("SELECT content_type, extension, content FROM output_files WHERE generation_id = ? AND file_index = ?",
                rs -> new StoredFile(rs.getString(1), rs.getString(2), rs.getBytes(3)), generationId, index);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteAll(String generationId) {
        return sql.update("DELETE FROM output_files WHERE generation_id = ?", generationId);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public StorageHealth probe() {
        long start = System.nanoTime();
        try {
            String probeId = "_probe";
            put(probeId, 0, "bin", "application/octet-stream", new byte[] {1});
            get(probeId, 0).orElseThrow();
            deleteAll(probeId);
            return new StorageHealth(true, (System.nanoTime() - start) / 1_000_000, "postgresql:output_files", null);
        } catch (RuntimeException e) {
            return new StorageHealth(false, (System.nanoTime() - start) / 1_000_000, "postgresql:output_files", e.getMessage());
        }
    }
}
