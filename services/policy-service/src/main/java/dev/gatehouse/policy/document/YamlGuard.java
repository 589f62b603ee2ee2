package dev.gatehouse.policy.document;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A first pass over the YAML event stream, before anything is built: refuses documents nested deeper
 * than the limit (building them would recurse) or with too many aliases, and reports syntax errors
 * together with the field the parser was in. The event parser itself does not recurse, so this pass
 * is safe on any input. Returns {@code false} when the document must not be read further.
 */
final class YamlGuard {

    /** Where the parser is: a mapping (waiting for a key or a value) or a list (at an index). */
    private static final class Frame {
        final boolean mapping;
        final String path;
        String key;
        boolean expectKey = true;
        int index;

        Frame(boolean mapping, String path) {
            this.mapping = mapping;
            this.path = path;
        }
    }

    private final Deque<Frame> frames = new ArrayDeque<>();
    private final DocumentLimits limits;
    private final Findings findings;
    private int aliases;

    private YamlGuard(DocumentLimits limits, Findings findings) {
        this.limits = limits;
        this.findings = findings;
    }

    static boolean check(String text, LoadSettings settings, DocumentLimits limits, Findings findings) {
        return new YamlGuard(limits, findings).scan(text, settings);
    }

    private boolean scan(String text, LoadSettings settings) {
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                if (!accept(event)) {
                    return false;
                }
            }
            return true;
        } catch (YamlEngineException e) {
            YamlSettings.report(e, text, currentContainer(), findings);
            return false;
        }
    }

    private boolean accept(Event event) {
        switch (event.getEventId()) {
            case MappingStart, SequenceStart -> {
                if (frames.size() >= limits.maxDepth()) {
                    return refuse(event, valuePath(), "nested deeper than " + limits.maxDepth() + " levels");
                }
                boolean mapping = event.getEventId() == Event.ID.MappingStart;
                if (!frames.isEmpty() && frames.peek().mapping && frames.peek().expectKey) {
                    return refuse(event, frames.peek().path, "keys must be plain text, not " + (mapping ? "mappings" : "lists"));
                }
                frames.push(new Frame(mapping, valuePath()));
            }
            case MappingEnd, SequenceEnd -> {
                frames.pop();
                valueDone();
            }
            case Scalar -> {
                Frame top = frames.peek();
                if (top != null && top.mapping && top.expectKey) {
                    top.key = ((ScalarEvent) event).getValue();
                    top.expectKey = false;
                } else {
                    valueDone();
                }
            }
            case Alias -> {
                if (++aliases > limits.maxAliases()) {
                    return refuse(event, valuePath(), "more than " + limits.maxAliases() + " aliases");
                }
                valueDone();
            }
            default -> {
                // stream and document boundaries, comments: nothing to track
            }
        }
        return true;
    }

    private boolean refuse(Event event, String path, String message) {
        SourceLocations.Location at = YamlSettings.location(event.getStartMark());
        findings.addAt(at.line(), at.column(), path, message);
        return false;
    }

    /** The path of the value about to be read. */
    private String valuePath() {
        Frame top = frames.peek();
        if (top == null) {
            return FieldPaths.ROOT;
        }
        if (top.mapping) {
            return top.key == null ? top.path : FieldPaths.key(top.path, top.key);
        }
        return FieldPaths.index(top.path, top.index);
    }

    /** For a syntax error: the field whose value was being read, else the enclosing mapping or list. */
    private String currentContainer() {
        Frame top = frames.peek();
        if (top == null) {
            return null;
        }
        return top.mapping && !top.expectKey && top.key != null ? FieldPaths.key(top.path, top.key) : top.path;
    }

    private void valueDone() {
        Frame top = frames.peek();
        if (top == null) {
            return;
        }
        if (top.mapping) {
            top.expectKey = true;
        } else {
            top.index++;
        }
    }
}
