package dev.gatehouse.support;

import dev.gatehouse.model.ProblemTypes;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;

import java.util.stream.Collectors;

/**
 * Turns bad input into problem+json that names the offending field, so a caller can fix its request
 * without reading server logs. Never includes a stack trace. Ordered first: with
 * {@code spring.mvc.problemdetails.enabled} Boot registers its own handler at order 0, which would
 * otherwise answer these without our stable {@code type} and without naming the field.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemDetailsAdvice {

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted().collect(Collectors.joining("; "));
        return Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, detail);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalidParameter(HandlerMethodValidationException e) {
        // A @Valid body validated together with constrained parameters arrives here too: name its fields.
        String detail = e.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors errors && errors.hasFieldErrors()
                        ? errors.getFieldErrors().stream().map(error -> error.getField() + ": " + error.getDefaultMessage())
                        : java.util.stream.Stream.of(result.getMethodParameter().getParameterName() + ": "
                                + result.getResolvableErrors().getFirst().getDefaultMessage()))
                .sorted().collect(Collectors.joining("; "));
        return Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, detail);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                e.getName() + ": cannot be read as " + (e.getRequiredType() == null ? "the expected type"
                        : e.getRequiredType().getSimpleName()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "request body is not valid JSON for this endpoint");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, e.getMessage());
    }

    /** Method security throws this after authentication: a known caller without the role. */
    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "the token lacks the role this call needs");
    }
}
