package dev.gatehouse.policy.document;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * A policy document was refused. The problem's {@code detail} names the first problem and the
 * {@code errors} property lists all of them ({@code line}, {@code column}, {@code field}, {@code message}).
 */
public class InvalidPolicy extends ApiException {

    private final transient List<PolicyError> errors;

    public InvalidPolicy(List<PolicyError> errors) {
        super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, summary(errors));
        this.errors = List.copyOf(errors);
        getBody().setProperty("errors", this.errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }

    /** All problems on one line each, for logs and start-up failures. */
    public String describeAll() {
        return String.join("\n", errors.stream().map(PolicyError::describe).toList());
    }

    private static String summary(List<PolicyError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid policy needs at least one error");
        }
        String first = errors.getFirst().describe();
        return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more, see errors)";
    }
}
