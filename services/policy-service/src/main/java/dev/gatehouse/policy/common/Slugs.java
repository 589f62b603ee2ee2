package dev.gatehouse.policy.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** Shared input rules: the identifier format of connections and rules, enum parsing that names the field. */
public final class Slugs {

    public static final String PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Slugs() {
    }

    public static boolean isSlug(String value) {
        return value != null && COMPILED.matcher(value).matches();
    }

    /** Parses an enum from its name; unlike Jackson's own error, the message names the field and the choices. */
    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null) {
            throw new InvalidField(field, "must not be null");
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidField(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
