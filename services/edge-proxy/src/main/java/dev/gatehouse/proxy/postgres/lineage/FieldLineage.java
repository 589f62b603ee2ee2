package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.postgres.wire.Messages;

import java.util.List;

/**
 * Which result fields are masked whole, from what RowDescription says about each (masking by lineage).
 * A field is masked when
 * <ul>
 * <li>its output name matches a masked-column glob (the rule as written), or its type is the row type
 * of a relation holding a masked column, or</li>
 * <li>its source column is masked: PostgreSQL reports (table OID, attribute number) for a plain column
 * reference, through aliases, subqueries, CTEs, views, {@code RETURNING} and {@code TABLE}; the catalog
 * gives the source's name ({@link MaskedSources#maskedColumn}), or</li>
 * <li>it is a whole-row reference (attribute 0) to a relation holding a masked column or to one the
 * login's catalog does not know, or</li>
 * <li>it cannot be attributed (OID 0: an expression, aggregate, cast, set operation, VALUES, scalar
 * subquery; a negative attribute: a system column) and the statement {@link StatementReading#mentions()
 * mentions} a masked column (unless PostgreSQL named it after a value keyword such as {@code current_user}
 * that the statement uses only as a value), or</li>
 * <li>its source is a column the catalog does not know (a relation created, or a column added, after
 * login) and the session has kept a masked value somewhere ({@code deferred}), or the statement
 * mentions a masked column and gives this output name itself ({@code SELECT api_key AS name FROM
 * new_table}), or</li>
 * <li>the statement modifies rows and mentions a masked column: its RETURNING fields may show what it
 * has just written from a masked column into another.</li>
 * </ul>
 */
public final class FieldLineage {

    private FieldLineage() {
    }

    /**
     * @param deferred the session has kept a masked value for later (a cursor, a copy, a view, a setting)
     * @return per field, {@code true} to mask it whole
     */
    public static boolean[] maskWhole(List<Messages.Column> fields, MaskingPlan plan, MaskedSources sources,
                                      StatementReading reading, boolean deferred) {
        boolean[] whole = new boolean[fields.size()];
        for (int f = 0; f < whole.length; f++) {
            whole[f] = reading.writes() || masked(fields.get(f), plan, sources, reading, deferred);
        }
        return whole;
    }

    static boolean masked(Messages.Column field, MaskingPlan plan, MaskedSources sources, StatementReading reading,
                          boolean deferred) {
        String name = field.name() == null ? "" : field.name();
        if (plan.columnMatches(name) || sources.maskedRowType(Integer.toUnsignedLong(field.typeOid()))) {
            return true;
        }
        long relation = Integer.toUnsignedLong(field.tableOid());
        if (relation == 0 || field.attribute() < 0) {
            return reading.mentions() && !reading.values().contains(name);
        }
        if (field.attribute() == 0) {
            return sources.holdsMasked(relation) || !sources.knowsRelation(relation);
        }
        if (sources.maskedColumn(relation, field.attribute())) {
            return true;
        }
        if (sources.knowsColumn(relation, field.attribute())) {
            return false;
        }
        return deferred || reading.mentions() && reading.renamed().contains(MaskedSources.lower(name));
    }
}
