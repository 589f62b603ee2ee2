package dev.gatehouse.policy.sql;

import dev.gatehouse.mysqlsql.MyToken;
import dev.gatehouse.mysqlsql.MySqlLexer;
import dev.gatehouse.mysqlsql.MySqlSplitter;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells what a MySQL / MariaDB SQL string does, statement by statement, by MySQL's lexical rules
 * ({@link MySqlLexer}: backticks, {@code #} and {@code -- } comments, executable comments whose body
 * runs, backslash escapes) and the shared analyser ({@link MysqlStatements}), in the server's default
 * sql_mode: backslash escapes on, {@code ANSI_QUOTES} off. The MySQL listener holds every session to
 * that reading (docs/adapter-contract.md, "UTF-8 only"): it refuses statements that change sql_mode or
 * the character set and ends a session whose server reports {@code NO_BACKSLASH_ESCAPES}. Drivers escape
 * quotes in values with a backslash, so reading both ways would refuse ordinary traffic.
 * Never throws; thread-safe.
 */
final class MysqlClassifier {

    private final int maxInputChars;
    private final StatementAnalyzer analyzer;

    MysqlClassifier(int maxInputChars, StatementAnalyzer analyzer) {
        this.maxInputChars = maxInputChars;
        this.analyzer = analyzer;
    }

    SqlAnalysis classify(String sql) {
        if (sql == null || sql.isBlank()) {
            return new SqlAnalysis(List.of());
        }
        if (sql.length() > maxInputChars) {
            return whole(sql, "input too long to analyse");
        }
        try {
            return analyse(sql);
        } catch (RuntimeException | StackOverflowError e) {
            return whole(sql, "the input could not be analysed");
        }
    }

    private SqlAnalysis analyse(String sql) {
        MySqlLexer.Result lexed = MySqlLexer.tokenize(sql);
        List<MySqlSplitter.Piece> pieces = MySqlSplitter.split(lexed.tokens(), sql);
        List<SqlStatement> statements = new ArrayList<>(pieces.size());
        for (MySqlSplitter.Piece piece : pieces) {
            List<MyToken> tokens = lexed.tokens().subList(piece.from(), piece.to());
            statements.add(SqlStatement.of(piece.text(), MysqlStatements.classify(tokens, analyzer::analyze)));
        }
        return new SqlAnalysis(statements);
    }

    private static SqlAnalysis whole(String sql, String error) {
        return new SqlAnalysis(List.of(SqlStatement.of(sql.strip(), Classification.unparsed(error))));
    }
}
