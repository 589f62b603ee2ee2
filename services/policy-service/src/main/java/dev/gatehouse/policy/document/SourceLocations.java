package dev.gatehouse.policy.document;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each field path of a document was written. A mapping entry is located at its key (the line a
 * person looks for), a list element at the element. A path that was never written (a required field
 * left out) resolves to its nearest written ancestor, so every error still names a line.
 */
final class SourceLocations {

    /** 1-based line and column. */
    record Location(int line, int column) {
        static final Location START = new Location(1, 1);
    }

    private final Map<String, Location> locations = new HashMap<>();

    void put(String path, Location location) {
        locations.putIfAbsent(path, location);
    }

    void copyInto(SourceLocations other) {
        locations.forEach(other::put);
    }

    Location locate(String path) {
        String current = path;
        while (true) {
            Location location = locations.get(current);
            if (location != null) {
                return location;
            }
            if (current.isEmpty()) {
                return Location.START;
            }
            current = FieldPaths.parent(current);
        }
    }
}
