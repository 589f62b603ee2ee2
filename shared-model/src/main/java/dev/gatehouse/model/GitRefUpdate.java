package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * One ref update command of a {@code git push} (pkt-line {@code <old> <new> <ref>}): an all-zero
 * old id creates the ref, an all-zero new id deletes it.
 */
public record GitRefUpdate(String ref, String oldId, String newId) {

    public enum Action { CREATE, UPDATE, DELETE }

    public GitRefUpdate {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(oldId, "oldId");
        Objects.requireNonNull(newId, "newId");
    }

    @JsonIgnore
    public Action action() {
        if (isZero(oldId)) {
            return Action.CREATE;
        }
        return isZero(newId) ? Action.DELETE : Action.UPDATE;
    }

    private static boolean isZero(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c == '0');
    }
}
