package dev.gatehouse.proxy.git;

import dev.gatehouse.model.GitRefUpdate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ref update commands of a receive-pack request (git push over smart HTTP), as Git's
 * receive-pack does:
 * <pre>
 *   *PKT-LINE("shallow" SP obj-id)
 *   PKT-LINE(old-id SP new-id SP ref NUL capabilities) *PKT-LINE(old-id SP new-id SP ref) flush-pkt
 *   | PKT-LINE("push-cert" NUL capabilities LF) ...certificate lines, whose commands follow the
 *     first empty line up to the signature... PKT-LINE("push-cert-end" LF) flush-pkt
 * </pre>
 * Object ids are SHA-1 (40 hex) or, when the capabilities say {@code object-format=sha256}, SHA-256
 * (64 hex). Only the command section is read: push options and the pack after it are left alone.
 */
public final class PktLineCommands {

    private static final String PUSH_CERT = "push-cert\0";
    private static final String PUSH_CERT_END = "push-cert-end";
    private static final String SIGNATURE_START = "-----BEGIN ";

    private PktLineCommands() {
    }

    public static List<GitRefUpdate> parse(byte[] body) throws MalformedPktLine {
        try {
            return parse(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new MalformedPktLine("the request body could not be read");
        }
    }

    public static List<GitRefUpdate> parse(InputStream body) throws IOException, MalformedPktLine {
        PktLineReader reader = new PktLineReader(body);
        String line = text(reader.next(), reader);
        while (line != null && line.startsWith("shallow ")) {
            objectId(strip(line.substring("shallow ".length())), 0, reader);
            line = text(reader.next(), reader);
        }
        List<GitRefUpdate> updates = new ArrayList<>();
        if (line == null) {
            return updates; // only a flush-pkt: Git's probe request before a large push
        }
        if (line.startsWith(PUSH_CERT)) {
            int idLength = idLength(strip(line.substring(PUSH_CERT.length())), reader);
            certificate(reader, idLength, updates);
            if (reader.next() != null) {
                throw new MalformedPktLine("pkt-line " + reader.count() + ": expected a flush-pkt after the push certificate");
            }
            return updates;
        }
        int nul = line.indexOf('\0');
        int idLength = nul < 0 ? 40 : idLength(strip(line.substring(nul + 1)), reader);
        updates.add(command(nul < 0 ? line : line.substring(0, nul), idLength, reader));
        for (line = text(reader.next(), reader); line != null; line = text(reader.next(), reader)) {
            if (line.indexOf('\0') >= 0) {
                throw new MalformedPktLine("pkt-line " + reader.count() + ": only the first command may carry capabilities");
            }
            updates.add(command(line, idLength, reader));
        }
        return updates;
    }

    private static void certificate(PktLineReader reader, int idLength, List<GitRefUpdate> updates)
            throws IOException, MalformedPktLine {
        boolean body = false;
        boolean signature = false;
        while (true) {
            String line = text(reader.next(), reader);
            if (line == null) {
                throw new MalformedPktLine("pkt-line " + reader.count() + ": flush-pkt inside the push certificate");
            }
            String content = strip(line);
            if (content.equals(PUSH_CERT_END)) {
                if (!body) {
                    throw new MalformedPktLine("the push certificate has no empty line before its commands");
                }
                return;
            }
            if (!body) {
                body = content.isEmpty();
            } else if (signature || content.startsWith(SIGNATURE_START)) {
                signature = true;
            } else {
                updates.add(command(content, idLength, reader));
            }
        }
    }

    private static GitRefUpdate command(String text, int idLength, PktLineReader reader) throws MalformedPktLine {
        String command = strip(text);
        int first = command.indexOf(' ');
        int second = first < 0 ? -1 : command.indexOf(' ', first + 1);
        if (second < 0) {
            throw new MalformedPktLine("pkt-line " + reader.count() + ": expected '<old-id> <new-id> <ref>'");
        }
        String oldId = objectId(command.substring(0, first), idLength, reader);
        String newId = objectId(command.substring(first + 1, second), idLength, reader);
        String ref = command.substring(second + 1);
        if (ref.isEmpty() || ref.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new MalformedPktLine("pkt-line " + reader.count() + ": the ref name is empty or holds spaces or control characters");
        }
        return new GitRefUpdate(ref, oldId, newId);
    }

    /** Validates an object id; {@code expected} 0 accepts either length. */
    private static String objectId(String id, int expected, PktLineReader reader) throws MalformedPktLine {
        boolean hex = id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        boolean length = expected == 0 ? id.length() == 40 || id.length() == 64 : id.length() == expected;
        if (!hex || !length) {
            throw new MalformedPktLine("pkt-line " + reader.count() + ": not a "
                    + (expected == 64 ? "SHA-256" : expected == 40 ? "SHA-1" : "SHA-1 or SHA-256") + " object id");
        }
        return id;
    }

    private static int idLength(String capabilities, PktLineReader reader) throws MalformedPktLine {
        for (String capability : capabilities.split(" ")) {
            if (capability.startsWith("object-format=")) {
                return switch (capability.substring("object-format=".length())) {
                    case "sha1" -> 40;
                    case "sha256" -> 64;
                    default -> throw new MalformedPktLine("pkt-line " + reader.count() + ": unknown object format");
                };
            }
        }
        return 40;
    }

    private static String text(byte[] payload, PktLineReader reader) throws MalformedPktLine {
        if (payload == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPktLine("pkt-line " + reader.count() + " is not UTF-8");
        }
    }

    private static String strip(String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }
}
