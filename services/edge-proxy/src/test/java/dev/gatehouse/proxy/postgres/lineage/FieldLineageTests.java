package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.postgres.wire.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.CREATED_LATER;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.USERS;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.USERS_ROW;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.V_KEYS;
import static dev.gatehouse.proxy.postgres.lineage.DemoCatalog.V_PUB;
import static org.assertj.core.api.Assertions.assertThat;

/** Each field as PostgreSQL 17 describes it (OIDs and attribute numbers as observed in MaskingLineageIT). */
class FieldLineageTests {

    private static final int TEXT = 25;
    private static final int INT8 = 20;
    private static final MaskingPlan PLAN = DemoCatalog.plan();
    private static final MaskedSources SOURCES = DemoCatalog.catalog().masked(PLAN);

    private static Messages.Column field(String name, long table, int attribute, int type) {
        return new Messages.Column(name, (int) table, (short) attribute, type, (short) 0);
    }

    private static boolean masked(Messages.Column field, boolean mentions, boolean deferred) {
        return FieldLineage.maskWhole(List.of(field), PLAN, SOURCES, reading(mentions), deferred)[0];
    }

    private static StatementReading reading(boolean mentions) {
        return mentions ? StatementReading.ALL : StatementReading.NONE;
    }

    @Test
    void aRenamedMaskedColumnIsMaskedByItsSource() {
        assertThat(masked(field("k", USERS, 4, TEXT), false, false)).as("SELECT api_key AS k").isTrue();
        assertThat(masked(field("t", USERS, 5, TEXT), false, false)).as("refresh_token AS t").isTrue();
        assertThat(masked(field("plan", USERS, 3, TEXT), true, true)).as("a plain column stays clear").isFalse();
        assertThat(masked(field("id", USERS, 1, INT8), true, true)).isFalse();
    }

    @Test
    void theOutputNameStillMasksWhateverTheSource() {
        assertThat(masked(field("api_key", 0, 0, TEXT), false, false)).isTrue();
        assertThat(masked(field("session_token", CREATED_LATER, 1, TEXT), false, false)).isTrue();
    }

    @Test
    void aWholeRowOfARelationHoldingAMaskedColumnIsMaskedAlways() {
        assertThat(masked(field("u", USERS, 0, (int) USERS_ROW), false, false)).isTrue();
        assertThat(masked(field("row", 0, 0, (int) USERS_ROW), false, false)).as("its row type, from an expression")
                .isTrue();
        assertThat(masked(field("p", V_PUB, 0, 1), false, false)).as("a row of a view without masked columns")
                .isFalse();
    }

    @Test
    void aViewColumnIsMaskedWhenTheViewReadsAMaskedColumn() {
        assertThat(masked(field("k", V_KEYS, 2, TEXT), false, false)).isTrue();
        assertThat(masked(field("plan", V_PUB, 2, TEXT), false, false)).isFalse();
    }

    @Test
    void anExpressionIsMaskedExactlyWhenTheStatementMentionsAMaskedColumn() {
        Messages.Column lower = field("lower", 0, 0, TEXT);
        assertThat(masked(lower, true, false)).isTrue();
        assertThat(masked(field("count", 0, 0, INT8), false, false)).isFalse();
        assertThat(masked(field("ctid", USERS, -1, 27), true, false)).as("a system column counts as unattributed")
                .isTrue();
    }

    @Test
    void aValueKeywordStaysClearUnlessTheStatementUsesItsNameAsALabel() {
        Messages.Column user = field("current_user", 0, 0, 19);
        StatementReading plain = StatementReading.of("SELECT id, api_key, current_user FROM users", PLAN, SOURCES);
        StatementReading label = StatementReading.of("SELECT api_key AS current_user FROM users", PLAN, SOURCES);
        StatementReading quoted = StatementReading.of("SELECT lower(api_key) \"current_user\" FROM users", PLAN, SOURCES);
        assertThat(FieldLineage.maskWhole(List.of(user), PLAN, SOURCES, plain, false)).containsExactly(false);
        assertThat(FieldLineage.maskWhole(List.of(user), PLAN, SOURCES, label, false)).containsExactly(true);
        assertThat(FieldLineage.maskWhole(List.of(user), PLAN, SOURCES, quoted, false)).containsExactly(true);
        assertThat(FieldLineage.maskWhole(List.of(user), PLAN, SOURCES, StatementReading.ALL, true))
                .containsExactly(true);
    }

    @Test
    void aRelationTheLoginDidNotSeeIsTrustedUnlessTheSessionKeptAMaskedValueOrTheStatementRenames() {
        Messages.Column name = field("name", CREATED_LATER, 2, TEXT);
        assertThat(masked(name, false, false)).as("CREATE TABLE t (name text, api_key text); SELECT name FROM t")
                .isFalse();
        assertThat(masked(name, false, true)).as("CREATE TABLE t AS SELECT api_key AS name FROM users; SELECT name")
                .isTrue();
        StatementReading both = StatementReading.of("SELECT name, api_key FROM t", PLAN, SOURCES);
        StatementReading renames = StatementReading.of("SELECT api_key AS name FROM t", PLAN, SOURCES);
        StatementReading implicit = StatementReading.of("SELECT api_key name FROM t", PLAN, SOURCES);
        assertThat(FieldLineage.maskWhole(List.of(name), PLAN, SOURCES, both, false)).containsExactly(false);
        assertThat(FieldLineage.maskWhole(List.of(name), PLAN, SOURCES, renames, false)).containsExactly(true);
        assertThat(FieldLineage.maskWhole(List.of(name), PLAN, SOURCES, implicit, false)).containsExactly(true);
        assertThat(masked(field("t", CREATED_LATER, 0, 1), false, false)).as("a whole row of it").isTrue();
        assertThat(masked(field("x", USERS, 9, TEXT), false, true)).as("a column added after login").isTrue();
    }

    @Test
    void aWriteThatMentionsAMaskedColumnTrustsNoneOfItsReturningFields() {
        StatementReading update = StatementReading.of("UPDATE users SET plan = api_key WHERE id = 1 RETURNING plan, id",
                PLAN, SOURCES);
        boolean[] whole = FieldLineage.maskWhole(List.of(field("plan", USERS, 3, TEXT), field("id", USERS, 1, INT8)),
                PLAN, SOURCES, update, false);
        assertThat(whole).containsExactly(true, true);
        StatementReading plain = StatementReading.of("UPDATE users SET plan = 'x' WHERE id = 1 RETURNING plan", PLAN,
                SOURCES);
        assertThat(FieldLineage.maskWhole(List.of(field("plan", USERS, 3, TEXT)), PLAN, SOURCES, plain, false))
                .containsExactly(false);
    }

    @Test
    void withoutACatalogOnlyTheTextAndTheNameDecide() {
        MaskedSources none = MaskedSources.everything();
        StatementReading renames = StatementReading.of("SELECT api_key AS k FROM users", PLAN, none);
        assertThat(FieldLineage.maskWhole(List.of(field("k", USERS, 4, TEXT)), PLAN, none, renames, false)[0]).isTrue();
        assertThat(FieldLineage.maskWhole(List.of(field("id", USERS, 1, INT8)), PLAN, none, StatementReading.NONE, false)[0]).isFalse();
        assertThat(FieldLineage.maskWhole(List.of(field("u", USERS, 0, 1)), PLAN, none, StatementReading.NONE, false)[0]).isTrue();
    }
}
