package dev.gatehouse.proxy.masking;

import dev.gatehouse.proxy.masking.detect.Matches;
import dev.gatehouse.proxy.masking.detect.Scanner;
import dev.gatehouse.proxy.masking.detect.SecretNames;
import dev.gatehouse.proxy.masking.detect.SecretValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks the values of PostgreSQL {@code DataRow}s (text format, UTF-8) of one result set. Compiled once
 * per {@code RowDescription}: which columns a column directive masks whole (case-insensitive globs), and
 * which column names are secret names ({@code api_token}, {@code db_password}) so their values get the
 * secret-value check. Every other value gets the plan's detectors. A value that is not masked is
 * returned as the same array, so the listener can re-send the original bytes untouched.
 */
public final class RowMasker {

    private final MaskingPlan plan;
    private final boolean[] wholeColumn;
    private final int[] nameKind;
    private final MaskingCounts counts = new MaskingCounts();
    private final Matches matches = new Matches();
    private final ByteSink out = new ByteSink(256);

    RowMasker(List<String> columnNames, MaskingPlan plan) {
        this(columnNames, null, plan);
    }

    /**
     * @param maskWhole per column, {@code true} to mask it whole whatever its name (the listener traced it
     *                  to a masked source column, or could not trace it); may be {@code null}
     */
    RowMasker(List<String> columnNames, boolean[] maskWhole, MaskingPlan plan) {
        this.plan = plan;
        this.wholeColumn = new boolean[columnNames.size()];
        this.nameKind = new int[columnNames.size()];
        for (int c = 0; c < columnNames.size(); c++) {
            String name = columnNames.get(c) == null ? "" : columnNames.get(c);
            wholeColumn[c] = plan.columnMatches(name) || maskWhole != null && c < maskWhole.length && maskWhole[c];
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            nameKind[c] = SecretNames.classify(bytes, 0, bytes.length);
        }
    }

    /** Whether column {@code column}'s values are replaced whole (not only scanned by the detectors). */
    public boolean masksWhole(int column) {
        return wholeColumn[column];
    }

    /** Masks one row in place ({@code null} = SQL NULL stays NULL) and returns it. */
    public byte[][] mask(byte[][] row) {
        for (int c = 0; c < row.length && c < wholeColumn.length; c++) {
            row[c] = mask(c, row[c]);
        }
        return row;
    }

    /** Masks one value of column {@code column}; returns {@code value} itself when nothing is masked. */
    public byte[] mask(int column, byte[] value) {
        if (value == null) {
            return null;
        }
        out.reset();
        if (wholeColumn[column]) {
            Replacements.directive(out, MaskingCounts.COLUMN, value, 0, value.length, plan);
            counts.addColumn();
            return out.toByteArray();
        }
        matches.clear();
        Scanner.scan(value, 0, 0, value.length, value.length, plan.switches(), matches);
        SecretValues.value(value, 0, value.length, nameKind[column], plan.switches(), matches);
        if (matches.isEmpty()) {
            return value;
        }
        matches.resolve();
        Replacements.apply(out, value, 0, value.length, matches, matches.size(), plan, counts);
        return out.toByteArray();
    }

    /** The same for text values (tests, the audit of small results). */
    public List<String> maskStrings(List<String> row) {
        List<String> masked = new ArrayList<>(row.size());
        for (int c = 0; c < row.size(); c++) {
            String value = row.get(c);
            byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            byte[] result = c < wholeColumn.length ? mask(c, bytes) : bytes;
            masked.add(result == bytes ? value : new String(result, StandardCharsets.UTF_8));
        }
        return masked;
    }

    /** Everything masked so far in this result set. */
    public MaskingCounts counts() {
        return counts;
    }
}
