package ai.babysea.router.storage;

import java.util.Optional;

/** Custody of generation outputs: stores the bytes we re-host, serves them, deletes them with the generation. */
public interface OutputStore {
    /** Stores one output (idempotent: the same generation and index overwrite) and returns its public URL. */
    String put(String generationId, int index, String extension, String contentType, byte[] content);

    /** The stored file, if present. */
    Optional<StoredFile> get(String generationId, int index);

    /** Deletes every file of a generation; returns how many were deleted. */
    int deleteAll(String generationId);

    /** Writes, reads and deletes a probe object; returns the round trip. */
    StorageHealth probe();

    /** A stored file's bytes and type. */
    record StoredFile(String contentType, String extension, byte[] content) {
    }

    /** Result of a storage probe. */
    record StorageHealth(boolean healthy, long latencyMs, String bucket, String error) {
    }
}
