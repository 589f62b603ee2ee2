package dev.gatehouse.policy.sql;

import dev.gatehouse.pgsql.Token;

import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * Classifies one statement's tokens. DML (SELECT, WITH, VALUES, TABLE, INSERT, UPDATE, DELETE,
 * MERGE) is parsed by JSqlParser and classified from the AST; PostgreSQL's utility and definition
 * statements are classified from their keywords; wrappers (EXPLAIN, PREPARE, DECLARE, COPY (query),
 * CREATE ... AS) have their carried statement classified recursively. Risky function calls found
 * in the tokens are added to every result.
 */
final class StatementAnalyzer {

    private static final int MAX_NESTING = 100;
    private static final int MAX_WRAPPING = 8;

    private final int maxParsedChars;
    private final Duration parseTimeout;

    StatementAnalyzer(int maxParsedChars, Duration parseTimeout) {
        this.maxParsedChars = maxParsedChars;
        this.parseTimeout = parseTimeout;
    }

    Classification analyze(List<Token> tokens) {
        return analyze(tokens, 0);
    }

    private Classification analyze(List<Token> tokens, int wrapping) {
        if (tokens.isEmpty()) {
            return Classification.unparsed("empty statement");
        }
        for (Token token : tokens) {
            if (token.type() == Token.Type.ERROR) {
                return Classification.unparsed(token.value());
            }
        }
        if (wrapping > MAX_WRAPPING || nesting(tokens) > MAX_NESTING) {
            return Classification.unparsed("statement nested too deeply to analyse");
        }
        String head = StatementHeads.of(tokens);
        Classification result;
        if (head == null) {
            result = Classification.unparsed("not a statement PostgreSQL accepts");
        } else if (StatementHeads.isDml(head)) {
            result = dml(head, tokens);
        } else if (StatementHeads.isDefinition(head)) {
            result = DefinitionStatements.classify(head, tokens, inner -> analyze(inner, wrapping + 1));
        } else if (StatementHeads.isWrapping(head)) {
            result = WrappingStatements.classify(head, tokens, inner -> analyze(inner, wrapping + 1));
        } else {
            Classification utility = UtilityStatements.classify(head, tokens);
            result = utility == null ? Classification.unparsed("not a statement PostgreSQL accepts")
                    : UtilityStatements.mayMentionColumns(head) ? utility : utility.withColumns(ColumnUse.NONE);
        }
        return result.withKinds(RiskyFunctions.scan(tokens));
    }

    private Classification dml(String head, List<Token> tokens) {
        String rendered = SqlRenderer.render(tokens);
        if (rendered == null) {
            return unparsedDml(head, "the statement holds tokens the SQL parser cannot read reliably");
        }
        if (rendered.length() > maxParsedChars) {
            return unparsedDml(head, "statement too long to analyse");
        }
        Statement statement;
        try {
            statement = JsqlParsing.parse(rendered, parseTimeout);
        } catch (JsqlParsing.Failure e) {
            return unparsedDml(head, e.getMessage());
        }
        if (!matchesHead(head, statement)) {
            return unparsedDml(head, "the SQL parser read a different statement than PostgreSQL would");
        }
        AstFacts facts = AstFacts.of(statement);
        EnumSet<SqlKind> kinds = EnumSet.copyOf(facts.kinds);
        if (statement instanceof Select) {
            kinds.add(SqlKind.SELECT); // VALUES and TABLE are queries too
        }
        kinds.addAll(RiskyFunctions.of(facts.functions));
        return Classification.of(kinds, facts.tables, facts.unboundedWrite).withColumns(ColumnWalk.of(statement));
    }

    /** Still unparsed, but showing the least the statement does, for reviewers and deny rules. */
    private static Classification unparsedDml(String head, String error) {
        SqlKind kind = switch (head) {
            case "insert" -> SqlKind.INSERT;
            case "update" -> SqlKind.UPDATE;
            case "delete" -> SqlKind.DELETE;
            case "merge" -> SqlKind.MERGE;
            case "with" -> null;
            default -> SqlKind.SELECT;
        };
        Classification unparsed = Classification.unparsed(error);
        return kind == null ? unparsed : unparsed.withKinds(EnumSet.of(kind));
    }

    /** A parse is only trusted when JSqlParser saw the statement PostgreSQL will run. */
    private static boolean matchesHead(String head, Statement statement) {
        return switch (head) {
            case "insert" -> statement instanceof Insert;
            case "update" -> statement instanceof Update;
            case "delete" -> statement instanceof Delete;
            case "merge" -> statement instanceof Merge;
            case "with" -> statement instanceof Select || statement instanceof Insert || statement instanceof Update
                    || statement instanceof Delete || statement instanceof Merge;
            default -> statement instanceof Select;
        };
    }

    private static int nesting(List<Token> tokens) {
        int depth = 0;
        int max = 0;
        for (Token token : tokens) {
            if (token.isPunctuation("(") || token.isPunctuation("[")) {
                max = Math.max(max, ++depth);
            } else if (token.isPunctuation(")") || token.isPunctuation("]")) {
                depth--;
            }
        }
        return max;
    }
}
