package dev.gatehouse.policy.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A rule's {@code condition}: a CEL expression, type-checked to a boolean when the policy is loaded
 * and evaluated per decision. Variables: {@code claims} (map of the caller's kept claims),
 * {@code issuer}, {@code subject}, {@code groups} (list of strings), {@code request} (map with
 * {@code connection}, {@code method}, {@code path}) and, for an MCP tool call, {@code arguments} (the call's
 * arguments as a map; unbound for anything else, so a condition reading it errs there).
 */
public final class ClaimCondition {

    /** The outcome of one evaluation; an error (say, a missing claim) is not the same as false. */
    public enum Outcome { TRUE, FALSE, ERROR }

    // Standard macros give authors has(), all(), exists() and map()/filter() over claim lists.
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("claims", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("issuer", SimpleType.STRING)
            .addVar("subject", SimpleType.STRING)
            .addVar("groups", ListType.create(SimpleType.STRING))
            .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("arguments", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final String expression;
    private final CelRuntime.Program program;

    private ClaimCondition(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /** Compiles and type-checks; a syntax or type error is an {@link InvalidCondition} naming line and column. */
    public static ClaimCondition compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            return new ClaimCondition(expression, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new InvalidCondition(e.getErrors().stream().map(ClaimCondition::describe)
                    .collect(Collectors.joining("; ")));
        } catch (CelEvaluationException e) {
            throw new InvalidCondition(e.getMessage());
        }
    }

    public Outcome evaluate(Map<String, ?> variables) {
        try {
            Object result = program.eval(variables);
            return Boolean.TRUE.equals(result) ? Outcome.TRUE : Outcome.FALSE;
        } catch (CelEvaluationException | RuntimeException e) {
            return Outcome.ERROR;
        }
    }

    /**
     * Whether the expression may read a tool call's arguments: then a decision under it depends on their
     * values and the proxy's decision cache must key on them. Read from the text, so a claim named
     * {@code arguments} errs on the side of a cache miss.
     */
    public boolean readsArguments() {
        return expression.contains("arguments");
    }

    public String expression() {
        return expression;
    }

    private static String describe(CelIssue issue) {
        var location = issue.getSourceLocation();
        // CEL appends the (empty) container name to reference errors: noise for a policy author.
        return "at " + location.getLine() + ":" + (location.getColumn() + 1) + ": "
                + issue.getMessage().replace(" (in container '')", "");
    }

    /** The expression does not compile or does not yield a boolean. */
    public static final class InvalidCondition extends IllegalArgumentException {
        public InvalidCondition(String message) {
            super(message);
        }
    }
}
