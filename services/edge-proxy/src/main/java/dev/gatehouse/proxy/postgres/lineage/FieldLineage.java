package dev.gatehouse.proxy.postgres.lineage;

import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.postgres.wire.Messages;

import java.util.List;

/**
 * Which result fields are masked whole, from what RowDescription says about each (DESIGN: masking by
 * lineage). A field is masked when
 * <ul>
 * <li>its output name matches a masked-column glob (the rule as written; also covers relations created
 * after login), or</li>
 * <li>its source column is masked: PostgreSQL reports (table OID, attribute number) for a plain column
 * reference, through aliases, subqueries, CTEs, views, {@code RETURNING} and {@code TABLE}; the catalog
 * gives the source's name ({@link MaskedSources#maskedColumn}), or</li>
 * <li>it is a whole-row reference (attribute 0) to a relation holding a masked column, or its type is
 * such a relation's row type, or</li>
 * <li>it cannot be attributed (OID 0: an expression, aggregate, cast, set operation, VALUES, scalar
 * subquery; a negative attribute: a system column; an OID or attribute the catalog does not know) and
 * the statement {@link StatementReading#mentions() mentions} a masked column. A field from a relation
 * the catalog does not know (created in this session) is masked as soon as the session has mentioned a
 * masked column at all: that is how its values could have come from one.</li>
 * <li>the statement modifies rows and mentions a masked column: its RETURNING fields may show what it
 * has just written from a masked column into another.</li>
 * </ul>
 */
public final class FieldLineage {

    private FieldLineage() {
    }

    /**
     * @param touched the session has mentioned a masked column before (its new relations may hold values)
     * @return per field, {@code true} to mask it whole
     */
    public static boolean[] maskWhole(List<Messages.Column> fields, MaskingPlan plan, MaskedSources sources,
                                      StatementReading reading, boolean touched) {
        boolean[] whole = new boolean[fields.size()];
        for (int f = 0; f < whole.length; f++) {
            whole[f] = reading.writes() || masked(fields.get(f), plan, sources, reading.mentions(), touched);
        }
        return whole;
    }

    static boolean masked(Messages.Column field, MaskingPlan plan, MaskedSources sources, boolean mentions,
                          boolean touched) {
        if (plan.columnMatches(field.name() == null ? "" : field.name())) {
            return true;
        }
        long relation = Integer.toUnsignedLong(field.tableOid());
        if (sources.maskedRowType(Integer.toUnsignedLong(field.typeOid()))) {
            return true;
        }
        if (relation == 0 || field.attribute() < 0) {
            return mentions;
        }
        if (field.attribute() == 0) {
            return sources.holdsMasked(relation) || !sources.knowsRelation(relation) && (mentions || touched);
        }
        if (sources.maskedColumn(relation, field.attribute())) {
            return true;
        }
        return !sources.knowsColumn(relation, field.attribute()) && (mentions || touched);
    }
}
