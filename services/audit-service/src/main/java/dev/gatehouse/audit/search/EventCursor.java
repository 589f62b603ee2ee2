package dev.gatehouse.audit.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The keyset position after which the next page starts: the (occurredAt, id) of the last item
 * served. Opaque to callers (base64url); anything that does not decode to a position this API could
 * have issued is refused as a bad parameter, never passed on to SQL.
 */
record EventCursor(Instant occurredAt, UUID id) {

    private static final String VERSION = "v1";

    String encode() {
        String text = VERSION + "|" + occurredAt.getEpochSecond() + "|" + occurredAt.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static EventCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", -1);
            if (parts.length != 4 || !VERSION.equals(parts[0])) {
                throw new InvalidParameter("cursor", "is not a cursor issued by this API");
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            UUID id = UUID.fromString(parts[3]);
            if (!id.toString().equals(parts[3])) {
                throw new InvalidParameter("cursor", "is not a cursor issued by this API");
            }
            return new EventCursor(at, id);
        } catch (RuntimeException e) {
            if (e instanceof InvalidParameter invalid) {
                throw invalid;
            }
            throw new InvalidParameter("cursor", "is not a cursor issued by this API");
        }
    }
}
