package dev.gatehouse.proxy.masking.text;

import dev.gatehouse.proxy.masking.ByteSink;
import dev.gatehouse.proxy.masking.ChunkMasker;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.Replacements;
import dev.gatehouse.proxy.masking.detect.Matches;
import dev.gatehouse.proxy.masking.detect.Scanner;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text that someone waits for as it comes (a model's streamed answer, a command's output over SSH, a message
 * of a Kubernetes exec stream), masked across the pieces it comes in. After each piece it releases everything
 * but what a detector may still need:
 * the trailing run of non-blank bytes (a token, a key, a number being written; digit groups with single
 * blanks between them count as one run), and an armoured block from its {@code -----BEGIN} until its
 * {@code -----END}. The released text keeps {@link Scanner#LOOK_BEHIND} bytes as context, so a value whose
 * name came in an earlier piece ({@code password: } … {@code hunter2}) is still found. A run longer than
 * {@link #MAX_HOLD} is released (a secret split exactly there is the residue).
 */
public final class LiveTextMasker implements ChunkMasker {

    public static final int MAX_HOLD = 16 * 1024;
    private static final byte[] BEGIN = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "-----END".getBytes(StandardCharsets.US_ASCII);

    private final MaskingPlan plan;
    private final MaskingCounts counts;
    private final Matches matches = new Matches();
    private byte[] buf = new byte[1024];
    private int len;
    private int emitted;

    public LiveTextMasker(MaskingPlan plan, MaskingCounts counts) {
        this.plan = plan;
        this.counts = counts;
    }

    /** Writes to {@code out} the masked text that can be sent with this piece (possibly none). */
    @Override
    public void write(byte[] chunk, int offset, int length, ByteSink out) {
        if (len + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + length));
        }
        System.arraycopy(chunk, offset, buf, len, length);
        len += length;
        release(false, out);
    }

    /** Everything still held, masked: the text ended. */
    @Override
    public void finish(ByteSink out) {
        release(true, out);
    }

    @Override
    public int held() {
        return len - emitted;
    }

    private void release(boolean end, ByteSink out) {
        int hold = end ? len : holdFrom();
        if (hold <= emitted) {
            return;
        }
        matches.clear();
        Scanner.scan(buf, 0, 0, len, len, plan.switches(), matches);
        matches.resolve();
        matches.clipBefore(emitted);
        int n = 0;
        while (n < matches.size() && matches.start(n) < hold) {
            if (matches.end(n) > hold && !end) {
                hold = matches.start(n); // a match that may still grow: held whole
                break;
            }
            n++;
        }
        if (hold <= emitted) {
            return;
        }
        Replacements.apply(out, buf, emitted, hold, matches, n, plan, counts);
        emitted = hold;
        compact();
    }

    /** Where the part that may still be (the start of) a secret begins. */
    private int holdFrom() {
        int i = len;
        while (i > emitted) {
            byte b = buf[i - 1];
            if (!blank(b)) {
                i--;
            } else if (b == ' ' && i - 2 >= emitted && digitish(buf[i - 2]) && i < len && digitish(buf[i])) {
                i--; // "4111 1111 …": a card or phone number in groups is one run
            } else {
                break;
            }
        }
        int armour = openArmour();
        if (armour >= 0) {
            i = Math.min(i, Math.max(armour, emitted));
        }
        if (len - i > MAX_HOLD) {
            i = len - MAX_HOLD;
            while (i < len && (buf[i] & 0xC0) == 0x80) {
                i++; // never split a UTF-8 character
            }
        }
        return i;
    }

    /** The start of a {@code -----BEGIN} with no {@code -----END} after it, or -1. */
    private int openArmour() {
        int begin = lastIndexOf(BEGIN, len);
        if (begin < 0) {
            return -1;
        }
        return lastIndexOf(END, len) > begin ? -1 : begin;
    }

    private int lastIndexOf(byte[] needle, int before) {
        outer:
        for (int i = before - needle.length; i >= 0; i--) {
            for (int k = 0; k < needle.length; k++) {
                if (buf[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Keeps {@link Scanner#LOOK_BEHIND} bytes of released text as context for the next scan. */
    private void compact() {
        int drop = emitted - Scanner.LOOK_BEHIND;
        int armour = openArmour();
        if (armour >= 0 && emitted - armour <= MAX_HOLD) {
            drop = Math.min(drop, armour);
        }
        if (drop <= 0) {
            return;
        }
        while (drop > 0 && (buf[drop] & 0xC0) == 0x80) {
            drop--;
        }
        System.arraycopy(buf, drop, buf, 0, len - drop);
        len -= drop;
        emitted -= drop;
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean digitish(byte b) {
        return b >= '0' && b <= '9';
    }
}
