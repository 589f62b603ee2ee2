package dev.gatehouse.policy.document;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.Optional;

/** How snakeyaml-engine reads policy documents, and how its errors become {@link PolicyError}s. */
final class YamlSettings {

    private YamlSettings() {
    }

    /**
     * YAML 1.2 core schema: {@code yes}/{@code on} stay text (no "Norway problem"); no environment
     * variable substitution; no non-scalar keys; aliases to collections bounded.
     */
    static LoadSettings load(DocumentLimits limits) {
        return LoadSettings.builder()
                .setLabel("policy")
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(Math.max(1, limits.maxAliases()))
                .setAllowRecursiveKeys(false)
                .setAllowNonScalarKeys(false)
                .setCodePointLimit(limits.maxBytes() + 1)
                .setUseMarks(true)
                .build();
    }

    static SourceLocations.Location location(Optional<Mark> mark) {
        return mark.map(m -> new SourceLocations.Location(m.getLine() + 1, m.getColumn() + 1))
                .orElse(SourceLocations.Location.START);
    }

    /** Records a reader, scanner, parser or composer failure at the position it names. */
    static void report(YamlEngineException e, String text, String path, Findings findings) {
        SourceLocations.Location at = SourceLocations.Location.START;
        String message;
        if (e instanceof MarkedYamlEngineException marked) {
            at = location(marked.getProblemMark().or(marked::getContextMark));
            message = marked.getProblem() == null ? "not valid YAML" : marked.getProblem();
            if (marked.getContext() != null && !marked.getContext().isBlank()) {
                message = marked.getContext() + ": " + message;
            }
        } else if (e instanceof ReaderException reader) {
            at = atOffset(text, reader.getPosition());
            message = "character U+%04X is not allowed in YAML".formatted(reader.getCodePoint());
        } else {
            message = "not valid YAML: " + firstLine(e.getMessage());
        }
        findings.addAt(at.line(), at.column(), path, message);
    }

    private static SourceLocations.Location atOffset(String text, int codePointOffset) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointOffset; i += Character.charCount(text.codePointAt(i)), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourceLocations.Location(line, column);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
