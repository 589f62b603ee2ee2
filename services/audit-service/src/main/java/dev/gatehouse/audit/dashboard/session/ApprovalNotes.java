package dev.gatehouse.audit.dashboard.session;

import dev.gatehouse.audit.search.EventView;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Who decided an approval and what they wrote, read from the approval event's (masked) payload: either
 * an {@code ApprovalDecided} ({@code decidedBy}, {@code status}, {@code comment}) or an {@code Approval}
 * with its {@code votes}. Anything else yields nothing; the raw payload is shown anyway.
 */
final class ApprovalNotes {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Note(String reviewer, String decision, String comment) {
    }

    private ApprovalNotes() {
    }

    static List<Note> of(EventView event) {
        if (!event.kind().startsWith("APPROVAL_") || event.payload() == null || event.payload().isBlank()) {
            return List.of();
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(event.payload());
        } catch (JacksonException e) {
            return List.of();
        }
        List<Note> notes = new ArrayList<>();
        payload.path("votes").valueStream().forEach(vote -> notes.add(new Note(vote.path("reviewerSubject").asString(""),
                vote.path("decision").asString(""), vote.path("comment").asString(""))));
        if (notes.isEmpty() && payload.hasNonNull("decidedBy")) {
            notes.add(new Note(payload.path("decidedBy").asString(""), payload.path("status").asString(""),
                    payload.path("comment").asString("")));
        }
        return List.copyOf(notes);
    }
}
