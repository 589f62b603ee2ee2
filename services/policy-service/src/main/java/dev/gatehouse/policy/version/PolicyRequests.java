package dev.gatehouse.policy.version;

import dev.gatehouse.policy.common.InvalidField;
import dev.gatehouse.policy.document.DocumentLimits;
import dev.gatehouse.policy.document.InvalidPolicy;
import dev.gatehouse.policy.document.PolicyError;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what a policy request carries: the YAML body (bounded, UTF-8), If-Match and the comment header. */
final class PolicyRequests {

    static final int MAX_COMMENT = 500;

    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"?([0-9]{1,18})\"?");

    private PolicyRequests() {
    }

    /** Reads at most the document size limit, so an oversized body never sits in memory whole. */
    static String body(HttpServletRequest request, DocumentLimits limits) {
        int max = limits.maxBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(limits);
        }
        byte[] bytes;
        try {
            bytes = request.getInputStream().readNBytes(max + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the policy document", e);
        }
        if (bytes.length > max) {
            throw tooLarge(limits);
        }
        try {
            return decode(bytes);
        } catch (CharacterCodingException e) {
            throw new InvalidPolicy(List.of(new PolicyError(1, 1, "", "the document is not UTF-8 text")));
        }
    }

    /** Strict UTF-8 (a malformed byte is an error, not a replacement character), without a leading BOM. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static VersionPrecondition precondition(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return VersionPrecondition.NONE;
        }
        String value = ifMatch.strip();
        if (value.equals("*")) {
            return new VersionPrecondition(null, true);
        }
        Matcher matcher = ETAG.matcher(value);
        if (!matcher.matches()) {
            throw new InvalidField("If-Match", "must be a policy version as returned in ETag, such as \"7\"");
        }
        return new VersionPrecondition(Long.parseLong(matcher.group(1)), false);
    }

    static String comment(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String comment = header.strip();
        if (comment.length() > MAX_COMMENT) {
            throw new InvalidField(PolicyController.COMMENT_HEADER, "must be at most " + MAX_COMMENT + " characters");
        }
        if (comment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidField(PolicyController.COMMENT_HEADER, "must not contain control characters");
        }
        return comment;
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static InvalidPolicy tooLarge(DocumentLimits limits) {
        return new InvalidPolicy(List.of(new PolicyError(1, 1, "", "the document is larger than " + limits.maxSize())));
    }
}
