package dev.gatehouse.policy.document;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binding helpers that record a problem in the document's {@link Findings} and carry on, so one read
 * reports every unknown field and bad value instead of stopping at the first.
 */
final class LenientValues {

    private LenientValues() {
    }

    static Findings findings(DeserializationContext context) {
        return (Findings) context.getAttribute(Findings.class);
    }

    /** The canonical YAML spelling of an enum constant: {@code WRITE_AHEAD} is written {@code write-ahead}. */
    static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Enums are written lower-case with dashes ({@code write-ahead}) or exactly as the constant
     * ({@code WRITE_AHEAD}); nothing in between, so the JSON Schema can say the same.
     */
    static final class NamedEnum<E extends Enum<E>> extends ValueDeserializer<E> {

        private final Class<E> type;

        NamedEnum(Class<E> type) {
            this.type = type;
        }

        @Override
        public E deserialize(JsonParser parser, DeserializationContext context) {
            String path = FieldPaths.of(parser);
            if (parser.currentToken().isScalarValue()) {
                String text = parser.getValueAsString();
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equals(text) || yamlName(constant).equals(text)) {
                        return constant;
                    }
                }
            } else {
                parser.skipChildren();
            }
            findings(context).add(path, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(LenientValues::yamlName).collect(Collectors.joining(", ")));
            return null;
        }
    }

    /** {@code 10m}, {@code 1h}, {@code 30s} or ISO-8601 {@code PT10M}; a bare number has no unit and is refused. */
    static final class ShortDuration extends ValueDeserializer<Duration> {

        /** Stands in for an unreadable duration so binding goes on; the document is refused anyway. */
        private static final Duration PLACEHOLDER = Duration.ofMinutes(10);

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) {
            String path = FieldPaths.of(parser);
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                var parsed = Durations.parse(parser.getString());
                if (parsed.isPresent()) {
                    return parsed.get();
                }
            } else {
                parser.skipChildren();
            }
            findings(context).add(path, "must be a duration such as 30s, 10m, 1h or PT10M");
            return PLACEHOLDER;
        }
    }

    /** Records an unknown field with the fields that are allowed there, and skips its value. */
    static final class UnknownFields extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                             ValueDeserializer<?> deserializer, Object beanOrClass, String name) {
            String path = FieldPaths.of(parser);
            Collection<Object> known = deserializer == null ? null : deserializer.getKnownPropertyNames();
            String expected = known == null || known.isEmpty() ? ""
                    : "; expected one of " + known.stream().map(String::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(", "));
            findings(context).add(path, "unknown field '" + name + "'" + expected);
            parser.skipChildren();
            return true;
        }
    }
}
