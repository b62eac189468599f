package ai.babysea.router.simulator;

import ai.babysea.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulated providers were asked to run, as a provider keeps it: every prediction created, by attempt key.
 * In memory (bounded) for this instance; with {@code babysea.router.simulator.ledger-file} also appended to a file that
 * outlives the router process and is shared by every instance on the machine (one line per prediction, written with
 * one append), so a prediction whose submit answer was lost is found by whichever instance takes the job over, and a
 * chaos run can check that no generation ran twice.
 */
@ApplicationScoped
public class SubmissionLedger {
    /** Predictions remembered in memory (the oldest are forgotten first). */
    private static final int MAX_REMEMBERED = 200_000;

    /** One prediction created by a simulated provider. */
    public record Entry(long createdAtMs, String provider, String generationId, int attempt, String predictionId, char outcome) {
        String attemptKey() {
            return generationId + "." + attempt;
        }

        String line() {
            return createdAtMs + " " + provider + " " + generationId + " " + attempt + " " + predictionId + " " + outcome + "\n";
        }

        static Entry parse(String line) {
            String[] parts = line.trim().split(" ");
            return new Entry(Long.parseLong(parts[0]), parts[1], parts[2], Integer.parseInt(parts[3]), parts[4], parts[5].charAt(0));
        }
    }

    private final Map<String, Entry> byAttempt;
    private final FileChannel file;
    private final Path path;

    SubmissionLedger(RouterConfig config) {
        this.byAttempt = new LinkedHashMap<>(1_024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > MAX_REMEMBERED;
            }
        };
        this.path = config.simulator().ledgerFile().map(Path::of).orElse(null);
        try {
            this.file = path == null ? null : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulator ledger " + path, e);
        }
    }

    /** Records a created prediction. */
    void record(Entry entry) {
        synchronized (byAttempt) {
            byAttempt.put(entry.attemptKey(), entry);
        }
        if (file != null) {
            try {
                file.write(ByteBuffer.wrap(entry.line().getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the simulator ledger " + path, e);
            }
        }
    }

    /** The prediction created for an attempt of a provider, if any (this instance's memory, then the shared file). */
    Optional<Entry> find(String provider, String attemptKey) {
        synchronized (byAttempt) {
            Entry entry = byAttempt.get(attemptKey);
            if (entry != null && entry.provider().equals(provider)) {
                return Optional.of(entry);
            }
        }
        if (path == null) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                Entry entry = Entry.parse(lines.get(i));
                if (entry.attemptKey().equals(attemptKey) && entry.provider().equals(provider)) {
                    return Optional.of(entry);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator ledger " + path, e);
        }
    }
}
