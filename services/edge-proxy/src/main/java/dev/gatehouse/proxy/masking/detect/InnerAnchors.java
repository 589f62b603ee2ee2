package dev.gatehouse.proxy.masking.detect;

import java.util.regex.Pattern;

/**
 * Formats whose fixed part is in the middle, not at the start: the scanner sees the rare punctuation
 * byte of the fixed part ({@code ~ : - .}) and the matcher steps back the fixed distance to where the
 * token must start, then checks the whole shape from there.
 * <ul>
 *   <li>Azure AD client secrets {@code xxx8Q~...}: the {@code Q~} version marker;</li>
 *   <li>Telegram bot tokens {@code 123456789:AA...}: the ':' after the bot id;</li>
 *   <li>Mailchimp keys {@code <32 hex>-us12}: the data-centre suffix;</li>
 *   <li>Terraform Cloud tokens {@code <14>.atlasv1.<...>}: the {@code .atlasv1.} marker.</li>
 * </ul>
 */
final class InnerAnchors {

    private static final TokenFormat AZURE = format(Detector.AZURE_AD_CLIENT_SECRET);
    private static final TokenFormat TELEGRAM = format(Detector.TELEGRAM_BOT_TOKEN);
    private static final TokenFormat MAILCHIMP = format(Detector.MAILCHIMP_API_KEY);
    private static final TokenFormat TERRAFORM = format(Detector.TERRAFORM_CLOUD_TOKEN);

    private InnerAnchors() {
    }

    /** At '~': {@code [3 chars][digit]Q~}. */
    static void atTilde(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        int start = i - 5;
        if (on[Detector.AZURE_AD_CLIENT_SECRET.ordinal()] && start >= lo && a[i - 1] == 'Q' && Ascii.isDigit(a[i - 2])
                && (start == lo || !azureChar(a[start - 1]))) {
            AZURE.verify(a, start, limit, out);
        }
    }

    /** At ':' followed by {@code AA}: 8-10 digits before it. */
    static void atColon(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        if (!on[Detector.TELEGRAM_BOT_TOKEN.ordinal()] || i + 2 >= limit || a[i + 1] != 'A' || a[i + 2] != 'A') {
            return;
        }
        int k = i - 1;
        while (k >= lo && i - k <= 11 && Ascii.isDigit(a[k])) {
            k--;
        }
        int digits = i - 1 - k;
        if (digits >= 8 && digits <= 10 && (k < lo || !Ascii.isAlnum(a[k]))) {
            TELEGRAM.verify(a, k + 1, limit, out);
        }
    }

    /** At '-' followed by {@code us} and a digit: 32 hex digits before it. */
    static void atDash(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        int start = i - 32;
        if (on[Detector.MAILCHIMP_API_KEY.ordinal()] && start >= lo && i + 3 < limit && a[i + 1] == 'u'
                && a[i + 2] == 's' && Ascii.isDigit(a[i + 3]) && (start == lo || !Ascii.isAlnum(a[start - 1]))) {
            MAILCHIMP.verify(a, start, limit, out);
        }
    }

    /** At '.' starting {@code .atlasv1.}: 14 letters and digits before it. */
    static void atDot(byte[] a, int lo, int i, int limit, boolean[] on, Matches out) {
        int start = i - 14;
        if (on[Detector.TERRAFORM_CLOUD_TOKEN.ordinal()] && start >= lo && i + 1 < limit && a[i + 1] == 'a'
                && Ascii.startsWith(a, i, limit, ".atlasv1.") && (start == lo || !Ascii.isAlnum(a[start - 1]))) {
            TERRAFORM.verify(a, start, limit, out);
        }
    }

    private static boolean azureChar(byte b) {
        return Ascii.isAlnum(b) || b == '_' || b == '~' || b == '.';
    }

    private static TokenFormat format(Detector detector) {
        Pattern shape = TokenFormats.shape(detector);
        return new TokenFormat(detector, "", shape, TokenCheck.RANDOM, null);
    }
}
