package dev.gatehouse.proxy.masking.json;

import dev.gatehouse.proxy.masking.FieldPath;
import dev.gatehouse.proxy.masking.detect.Ascii;
import dev.gatehouse.proxy.masking.detect.SecretNames;
import java.util.Arrays;

/**
 * The JSON rewriter's position: one frame per open object or array with its current field name (bytes,
 * reused per level: no allocation per key) or index, and whether that name is a secret name. Array
 * elements inherit their field's kind, so every element of {@code "secrets": [...]} is checked too, and an
 * element after a secret flag takes the flag's ({@code "args": ["--token", "..."]}).
 */
final class JsonStack implements FieldPath.Position {

    private static final int MAX_DEPTH = 1024;

    private boolean[] array = new boolean[16];
    private int[] index = new int[16];
    private byte[][] name = new byte[16][];
    private int[] nameLength = new int[16];
    private int[] kind = new int[16];
    /** In an array: the kind the next element takes from a secret CLI flag before it ({@code ["--token", "x"]}). */
    private int[] flag = new int[16];
    private int depth;

    /** @return false when nesting is absurdly deep (treated as malformed input) */
    boolean push(boolean isArray) {
        if (depth == MAX_DEPTH) {
            return false;
        }
        if (depth == array.length) {
            grow();
        }
        array[depth] = isArray;
        index[depth] = 0;
        nameLength[depth] = 0;
        kind[depth] = isArray && depth > 0 ? kind[depth - 1] : SecretNames.NONE;
        flag[depth] = SecretNames.NONE;
        if (depth > 0) {
            flag[depth - 1] = SecretNames.NONE;
        }
        depth++;
        return true;
    }

    /** @return false when the closing bracket does not match the open container */
    boolean pop(boolean isArray) {
        if (depth == 0 || array[depth - 1] != isArray) {
            return false;
        }
        depth--;
        return true;
    }

    boolean inObject() {
        return depth > 0 && !array[depth - 1];
    }

    void nextElement() {
        if (depth > 0 && array[depth - 1]) {
            index[depth - 1]++;
        }
    }

    void name(byte[] a, int from, int to) {
        int top = depth - 1;
        int n = to - from;
        if (name[top] == null || name[top].length < n) {
            name[top] = new byte[Math.max(32, n)];
        }
        System.arraycopy(a, from, name[top], 0, n);
        nameLength[top] = n;
        kind[top] = SecretNames.classify(a, from, to);
    }

    /** The secret-name kind of the value about to be read. */
    int valueKind() {
        return depth == 0 ? SecretNames.NONE : flag[depth - 1] != SecretNames.NONE ? flag[depth - 1] : kind[depth - 1];
    }

    /** After a value in an array: a {@code --password}-style flag names the element after it. */
    void afterValue(byte[] a, int from, int to, boolean string) {
        if (depth == 0 || !array[depth - 1]) {
            return;
        }
        int k = SecretNames.NONE;
        if (string && to - from > 3 && a[from] == '-' && a[from + 1] == '-') {
            k = SecretNames.classify(a, from + 2, to);
            k = (k & SecretNames.KIND) == SecretNames.AUTHORIZATION ? SecretNames.NONE : k;
        }
        flag[depth - 1] = k;
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public boolean isIndex(int level) {
        return array[level];
    }

    @Override
    public int index(int level) {
        return index[level];
    }

    @Override
    public boolean nameEquals(int level, byte[] lowerName) {
        if (nameLength[level] != lowerName.length) {
            return false;
        }
        byte[] n = name[level];
        for (int k = 0; k < lowerName.length; k++) {
            if (Ascii.lower(n[k]) != (lowerName[k] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        int size = array.length * 2;
        array = Arrays.copyOf(array, size);
        index = Arrays.copyOf(index, size);
        name = Arrays.copyOf(name, size);
        nameLength = Arrays.copyOf(nameLength, size);
        kind = Arrays.copyOf(kind, size);
        flag = Arrays.copyOf(flag, size);
    }
}
