package dev.gatehouse.policy.document;

/**
 * One problem in a policy document, as the API reports it: 1-based {@code line} and {@code column}
 * in the YAML text, the {@code field} path ({@code rules[2].match.sql.kinds[0]}; {@code null} when the
 * text is not YAML at all and no field could be made out) and a message a person can act on.
 */
public record PolicyError(int line, int column, String field, String message) {

    /** {@code line 14, rules[1].subject.condition: at 1:10: undeclared reference to 'claim'} */
    public String describe() {
        return field == null || field.isEmpty()
                ? "line " + line + ", column " + column + ": " + message
                : "line " + line + ", " + field + ": " + message;
    }
}
