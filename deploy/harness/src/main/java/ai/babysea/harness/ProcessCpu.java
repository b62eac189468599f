package ai.babysea.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of every process of a local stack, read from {@code /proc} and grouped by role: the launcher JVM (Kafka
 * broker, S3 server, request bin), each service JVM, and each PostgreSQL server (its postmaster, its live backends,
 * and the backends that already exited, which the postmaster's {@code cutime}/{@code cstime} hold). PostgreSQL servers
 * are found by their data directory under the stack's work directory, since {@code pg_ctl} detaches them from the
 * launcher's process tree.
 */
public final class ProcessCpu {
    /** Linux reports process times in clock ticks; 100 per second on every kernel this runs on (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long launcherPid;
    private final String workDirectory;

    public ProcessCpu(long launcherPid, Path workDirectory) {
        this.launcherPid = launcherPid;
        this.workDirectory = workDirectory.toString();
    }

    /** CPU seconds used so far per group, in a stable order. */
    public Map<String, Double> snapshot() {
        Map<Long, Proc> all = readAll();
        Map<String, Double> groups = new LinkedHashMap<>();
        for (Proc proc : all.values()) {
            String group = group(proc, all);
            if (group != null) {
                double seconds = (proc.utime + proc.stime + (proc.isPostmaster() ? proc.cutime + proc.cstime : 0)) / TICKS_PER_SECOND;
                groups.merge(group, seconds, Double::sum);
            }
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        groups.keySet().stream().sorted().forEach(key -> ordered.put(key, groups.get(key)));
        return ordered;
    }

    /** The CPU seconds spent per group between two snapshots. */
    public static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((group, seconds) -> delta.put(group, seconds - before.getOrDefault(group, 0.0)));
        return delta;
    }

    private String group(Proc proc, Map<Long, Proc> all) {
        if (proc.pid == launcherPid) {
            return "launcher (Kafka, S3, request bin)";
        }
        if (proc.cmdline.contains("quarkus-run.jar") && isDescendantOf(proc, launcherPid, all)) {
            for (String service : List.of("api-service", "ledger-service", "router-service", "webhook-service", "console")) {
                if (proc.cmdline.contains("/" + service + "/")) {
                    return service;
                }
            }
            return "other service";
        }
        Proc postmaster = proc.isPostmaster() ? proc : all.get(proc.ppid);
        if (postmaster != null && postmaster.isPostmaster() && postmaster.cmdline.contains(workDirectory)) {
            return postmaster.cmdline.contains("/postgres-workers-") ? "PostgreSQL (ledger, router, webhook)" : "PostgreSQL (api)";
        }
        return null;
    }

    private static boolean isDescendantOf(Proc proc, long ancestor, Map<Long, Proc> all) {
        for (Proc p = proc; p != null && p.ppid > 1; p = all.get(p.ppid)) {
            if (p.ppid == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static Map<Long, Proc> readAll() {
        Map<Long, Proc> all = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            List<Path> pids = new ArrayList<>();
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(pids::add);
            for (Path dir : pids) {
                Proc proc = Proc.read(dir);
                if (proc != null) {
                    all.put(proc.pid, proc);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc (Linux only)", e);
        }
        return all;
    }

    private record Proc(long pid, long ppid, long utime, long stime, long cutime, long cstime, String cmdline) {
        boolean isPostmaster() {
            // the postmaster is the server started with -D <data directory>; its backends have rewritten titles
            return cmdline.contains("postgres") && cmdline.contains(" -D ");
        }

        static Proc read(Path dir) {
            try {
                String stat = Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII);
                // the command name (2nd field) is in parentheses and may hold spaces: parse after the last ')'
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                return new Proc(Long.parseLong(dir.getFileName().toString()), Long.parseLong(fields[1]), Long.parseLong(fields[11]),
                        Long.parseLong(fields[12]), Long.parseLong(fields[13]), Long.parseLong(fields[14]), cmdline);
            } catch (IOException | RuntimeException e) {
                return null; // the process ended while we looked
            }
        }
    }
}
