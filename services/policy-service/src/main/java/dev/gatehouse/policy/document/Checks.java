package dev.gatehouse.policy.document;

import dev.gatehouse.policy.glob.PathGlob;
import dev.gatehouse.policy.glob.ValueGlob;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Small reusable checks; each records at most one problem per path in {@link Findings}. */
final class Checks {

    private final Findings findings;

    Checks(Findings findings) {
        this.findings = findings;
    }

    void fail(String path, String message) {
        findings.add(path, message);
    }

    boolean notBlank(String path, String value) {
        if (value == null || value.isBlank()) {
            fail(path, "must not be empty");
            return false;
        }
        return true;
    }

    void compiles(String path, String value, Consumer<String> compiler) {
        if (!notBlank(path, value)) {
            return;
        }
        try {
            compiler.accept(value);
        } catch (IllegalArgumentException e) {
            fail(path, e.getMessage() == null ? "is not valid" : e.getMessage());
        }
    }

    void valueGlob(String path, String value) {
        compiles(path, value, ValueGlob::compile);
    }

    void valueGlobs(String path, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            valueGlob(FieldPaths.index(path, i), values.get(i));
        }
    }

    void pathGlobs(String path, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            compiles(FieldPaths.index(path, i), values.get(i), PathGlob::compile);
        }
    }

    void notBlanks(String path, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            notBlank(FieldPaths.index(path, i), values.get(i));
        }
    }

    void oneOf(String path, List<String> values, Set<String> allowed, String what) {
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (!allowed.contains(value)) {
                fail(FieldPaths.index(path, i), "unknown " + what + " '" + value + "'; expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /** Map values are globs; keys must be non-empty. */
    void globMap(String path, Map<String, String> values) {
        values.forEach((key, value) -> {
            String child = FieldPaths.key(path, key);
            if (key.isBlank()) {
                fail(child, "names must not be empty");
            } else {
                valueGlob(child, value);
            }
        });
    }
}
