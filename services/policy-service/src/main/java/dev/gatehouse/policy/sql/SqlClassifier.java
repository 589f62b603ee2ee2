package dev.gatehouse.policy.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.pgsql.Token;
import dev.gatehouse.pgsql.PgLexer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells what a SQL string does, statement by statement, the way PostgreSQL 17 would run it.
 * <p>
 * The string is scanned by a lexer that follows PostgreSQL's own ({@link PgLexer}), cut into
 * statements where PostgreSQL cuts them ({@link StatementSplitter}), and each statement is classified
 * ({@link StatementAnalyzer}): DML from JSqlParser's AST of a canonical rendering of the tokens,
 * utility and DDL statements from their keywords. Anything that cannot be classified with certainty
 * comes back {@code parsed = false}, which a policy must never allow outright.
 * <p>
 * The lexing of a plain {@code '...'} string depends on the session's standard_conforming_strings
 * (a backslash escapes the quote when it is off). When a string holds a backslash, the input is lexed
 * both ways; if the two readings cut or tokenize the text differently the whole input is one unparsed
 * statement, so that a session that turned the setting off cannot smuggle a statement past the
 * classifier.
 * <p>
 * Thread-safe; construct once and reuse (classifications of repeated statements are cached, keyed by
 * the canonical rendering, which holds no literal values).
 */
public final class SqlClassifier {

    public static final int DEFAULT_MAX_INPUT_CHARS = 4_000_000;
    public static final int DEFAULT_MAX_PARSED_CHARS = 200_000;
    public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofMillis(500);

    /**
     * Real workloads repeat a few hundred statement shapes (the key holds no literals), so 4096 keeps
     * all of them with room to spare; a flood of distinct shapes costs at most 4096 keys of up to
     * {@value #CACHE_KEY_MAX_CHARS} chars. Caffeine evicts the rarely used shapes instead of forgetting
     * the common ones too.
     */
    private static final int CACHE_ENTRIES = 4096;
    private static final int CACHE_KEY_MAX_CHARS = 8192;

    private final int maxInputChars;
    private final StatementAnalyzer analyzer;
    private final MysqlClassifier mysql;
    private final Cache<String, Classification> cache = Caffeine.newBuilder().maximumSize(CACHE_ENTRIES).build();

    public SqlClassifier() {
        this(DEFAULT_MAX_INPUT_CHARS, DEFAULT_MAX_PARSED_CHARS, DEFAULT_PARSE_TIMEOUT);
    }

    /**
     * @param maxInputChars  longer inputs are one unparsed statement
     * @param maxParsedChars longer DML statements are unparsed (utility statements are still classified)
     * @param parseTimeout   time budget of one JSqlParser run; a statement that exceeds it is unparsed
     */
    public SqlClassifier(int maxInputChars, int maxParsedChars, Duration parseTimeout) {
        this.maxInputChars = maxInputChars;
        this.analyzer = new StatementAnalyzer(maxParsedChars, parseTimeout);
        this.mysql = new MysqlClassifier(maxInputChars, analyzer);
    }

    /** Never throws: whatever cannot be analysed is an unparsed statement. */
    public SqlAnalysis classify(String sql) {
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

    /** The same for MySQL / MariaDB, by MySQL's lexical rules ({@link MysqlClassifier}). Never throws. */
    public SqlAnalysis classifyMysql(String sql) {
        return mysql.classify(sql);
    }

    private SqlAnalysis analyse(String sql) {
        PgLexer.Result lexed = PgLexer.tokenize(sql, true);
        List<StatementSplitter.Piece> pieces = StatementSplitter.split(lexed.tokens(), sql);
        if (lexed.conformingStringsSensitive() && !sameWithoutConformingStrings(sql, lexed.tokens(), pieces)) {
            return whole(sql, "a backslash in a quoted string makes the statement's meaning depend on "
                    + "standard_conforming_strings");
        }
        List<SqlStatement> statements = new ArrayList<>(pieces.size());
        for (StatementSplitter.Piece piece : pieces) {
            List<Token> tokens = lexed.tokens().subList(piece.from(), piece.to());
            statements.add(SqlStatement.of(piece.text(), classification(tokens)));
        }
        return new SqlAnalysis(statements);
    }

    private Classification classification(List<Token> tokens) {
        String key = key(tokens, CACHE_KEY_MAX_CHARS);
        if (key == null) {
            return analyzer.analyze(tokens);
        }
        Classification cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        // Analysed outside the cache: a slow parse (up to the parse timeout) must not block other
        // threads asking for keys that hash near it. Two threads may analyse one shape; both agree.
        Classification classification = analyzer.analyze(tokens);
        cache.put(key, classification);
        return classification;
    }

    /**
     * The canonical rendering identifies a classification (lexical errors take part by their message);
     * null when longer than {@code limit}.
     */
    private static String key(List<Token> tokens, int limit) {
        StringBuilder key = new StringBuilder();
        for (Token token : tokens) {
            if (key.length() > limit) {
                return null;
            }
            key.append(token.type() == Token.Type.ERROR ? "\u0000" + token.value() + "\u0000"
                    : SqlRenderer.token(token)).append(' ');
        }
        return key.toString();
    }

    private static boolean sameWithoutConformingStrings(String sql, List<Token> tokens,
                                                        List<StatementSplitter.Piece> pieces) {
        List<Token> otherTokens = PgLexer.tokenize(sql, false).tokens();
        List<StatementSplitter.Piece> otherPieces = StatementSplitter.split(otherTokens, sql);
        if (otherPieces.size() != pieces.size()) {
            return false;
        }
        for (int i = 0; i < pieces.size(); i++) {
            String one = key(tokens.subList(pieces.get(i).from(), pieces.get(i).to()), Integer.MAX_VALUE);
            String other = key(otherTokens.subList(otherPieces.get(i).from(), otherPieces.get(i).to()),
                    Integer.MAX_VALUE);
            if (!one.equals(other)) {
                return false;
            }
        }
        return true;
    }

    private static SqlAnalysis whole(String sql, String error) {
        return new SqlAnalysis(List.of(SqlStatement.of(sql.strip(), Classification.unparsed(error))));
    }
}
