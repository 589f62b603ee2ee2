package dev.gatehouse.policy.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Problems found while reading one document, keyed by field path. The first problem per path wins:
 * a value already reported as unreadable is not reported again by a later check.
 */
final class Findings {

    private final Map<String, String> byPath = new LinkedHashMap<>();
    private final List<PolicyError> located = new ArrayList<>();
    private final Set<String> locatedPaths = new HashSet<>();

    void add(String path, String message) {
        if (!locatedPaths.contains(path)) {
            byPath.putIfAbsent(path, message);
        }
    }

    /** A problem whose position is known from the YAML reader itself (syntax errors, limits). */
    void addAt(int line, int column, String path, String message) {
        located.add(new PolicyError(line, column, path, message));
        if (path != null) {
            locatedPaths.add(path);
        }
    }

    boolean isEmpty() {
        return byPath.isEmpty() && located.isEmpty();
    }

    /** All problems with their lines, in the order they appear in the document. */
    List<PolicyError> resolve(SourceLocations locations) {
        List<PolicyError> errors = new ArrayList<>(located);
        byPath.forEach((path, message) -> {
            SourceLocations.Location location = locations.locate(path);
            errors.add(new PolicyError(location.line(), location.column(), path, message));
        });
        errors.sort(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column));
        return errors;
    }

    InvalidPolicy toException(SourceLocations locations) {
        return new InvalidPolicy(resolve(locations));
    }
}
