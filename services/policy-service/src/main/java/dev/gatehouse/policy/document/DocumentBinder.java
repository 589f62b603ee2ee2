package dev.gatehouse.policy.document;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.Protocol;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the YAML tree to the {@link PolicyDocument} records with Jackson, strictly (unknown fields are
 * errors), collecting every unknown field and unreadable value it meets. A value of the wrong shape
 * (a list where a mapping belongs) stops binding; what was found until then is reported.
 */
final class DocumentBinder {

    private static final ObjectReader READER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule("gatehouse-policy")
                    .addDeserializer(Action.class, new LenientValues.NamedEnum<>(Action.class))
                    .addDeserializer(Protocol.class, new LenientValues.NamedEnum<>(Protocol.class))
                    .addDeserializer(AuditMode.class, new LenientValues.NamedEnum<>(AuditMode.class))
                    .addDeserializer(MaskingDirectives.MaskingStyle.class,
                            new LenientValues.NamedEnum<>(MaskingDirectives.MaskingStyle.class))
                    .addDeserializer(MaskingDirectives.OversizeAction.class,
                            new LenientValues.NamedEnum<>(MaskingDirectives.OversizeAction.class))
                    .addDeserializer(Duration.class, new LenientValues.ShortDuration()))
            .addHandler(new LenientValues.UnknownFields())
            .build()
            .readerFor(PolicyDocument.class);

    private DocumentBinder() {
    }

    static Optional<PolicyDocument> bind(JsonNode root, Findings findings) {
        if (!(root instanceof ObjectNode object)) {
            findings.add(FieldPaths.ROOT, "a policy document is a mapping with apiVersion, connections and rules");
            return Optional.empty();
        }
        TreeNormalizer.normalize(object, findings);
        try {
            return Optional.of(READER.withAttribute(Findings.class, findings).readValue(object));
        } catch (JacksonException e) {
            findings.add(FieldPaths.of(e.getPath()), describe(e));
            return Optional.empty();
        }
    }

    private static String describe(JacksonException e) {
        if (e instanceof InputCoercionException) {
            return "is a number out of range";
        }
        if (e instanceof InvalidFormatException format) {
            return "cannot read '" + format.getValue() + "' as " + expected(format.getTargetType());
        }
        if (e instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause() == null ? instantiation : instantiation.getCause();
            return cause.getMessage() == null ? "invalid value" : cause.getMessage();
        }
        if (e instanceof MismatchedInputException mismatch) {
            return "must be " + expected(mismatch.getTargetType());
        }
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return message == null ? "cannot be read" : newline < 0 ? message : message.substring(0, newline);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different kind of value";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return "a " + type.getSimpleName();
    }
}
