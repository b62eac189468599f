package ai.babysea.api.auth;

import java.util.EnumSet;
import java.util.Set;

/** The six API-key scopes (docs/api/README.md, "Scopes and presets") and the presets that bundle them. */
public enum Scope {
    GENERATION_WRITE("generation:write"),
    GENERATION_READ("generation:read"),
    GENERATION_DELETE("generation:delete"),
    ACCOUNT_READ("account:read"),
    HEALTH_READ("health:read"),
    LIBRARY_READ("library:read");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    /** The exact scope string. */
    public String wire() {
        return wire;
    }

    /** The scope with this exact string, or null. */
    public static Scope ofWire(String wire) {
        for (Scope scope : values()) {
            if (scope.wire.equals(wire)) {
                return scope;
            }
        }
        return null;
    }

    /** Key presets (dashboard label → SDK name → scopes). */
    public enum Preset {
        FULL_ACCESS("full_access", "Full Access", EnumSet.allOf(Scope.class)),
        GENERATE_ONLY("generate_only", "Generate Only", EnumSet.of(GENERATION_WRITE, GENERATION_READ, LIBRARY_READ)),
        READ_ONLY("read_only", "Read Only", EnumSet.of(GENERATION_READ, ACCOUNT_READ, HEALTH_READ, LIBRARY_READ)),
        MONITOR_ONLY("monitor_only", "Monitor Only", EnumSet.of(HEALTH_READ, LIBRARY_READ));

        private final String wire;
        private final String label;
        private final Set<Scope> scopes;

        Preset(String wire, String label, Set<Scope> scopes) {
            this.wire = wire;
            this.label = label;
            this.scopes = scopes;
        }

        /** The SDK identifier, e.g. `full_access`. */
        public String wire() {
            return wire;
        }

        /** The dashboard label, e.g. `Full Access`. */
        public String label() {
            return label;
        }

        /** The scopes this preset grants. */
        public Set<Scope> scopes() {
            return EnumSet.copyOf(scopes);
        }

        /** The preset with this SDK identifier or dashboard label (case-insensitive), or null. */
        public static Preset parse(String value) {
            for (Preset preset : values()) {
                if (preset.wire.equalsIgnoreCase(value) || preset.label.equalsIgnoreCase(value)) {
                    return preset;
                }
            }
            return null;
        }
    }
}
