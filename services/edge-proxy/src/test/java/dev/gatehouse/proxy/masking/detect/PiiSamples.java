package dev.gatehouse.proxy.masking.detect;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static dev.gatehouse.proxy.masking.detect.Fakes.DIGITS;
import static dev.gatehouse.proxy.masking.detect.Fakes.LOWER;
import static dev.gatehouse.proxy.masking.detect.Fakes.LOWER_ALNUM;
import static dev.gatehouse.proxy.masking.detect.Fakes.UPPER;

/**
 * Generated personal data, valid by each kind's own rules (Luhn and issuer prefixes for cards, ISO 13616
 * check digits for IBANs, the SSA's SSN rules, NANP numbering), in the contexts data shows it: JSON, CSV,
 * logs, forms. None belongs to a person: the domains are reserved, the numbers random.
 */
final class PiiSamples {

    private static final int EACH = 30;
    private static final String[] CONTEXTS = {"{\"customer\": {\"id\": 7341, \"%s\": \"%s\"}}", "id,name,%s\n7341,J. Doe,%s",
        "2024-05-17T10:12:01Z INFO updated %s to %s for account 7341", "%s: %s", "<td class=\"%s\">%s</td>"};

    private record Kind(String detector, Function<Fakes, String> make) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("email", PiiSamples::email), new Kind("card", PiiSamples::card), new Kind("iban", PiiSamples::iban),
            new Kind("ssn", PiiSamples::ssn), new Kind("phone", PiiSamples::phone));

    private PiiSamples() {
    }

    static List<Corpus.Sample> all(Fakes f) {
        List<Corpus.Sample> samples = new ArrayList<>();
        for (Kind kind : KINDS) {
            for (int k = 0; k < EACH; k++) {
                String value = kind.make().apply(f);
                String text = String.format(CONTEXTS[k % CONTEXTS.length], kind.detector(), value);
                samples.add(new Corpus.Sample("generated:pii-" + kind.detector(), k, Set.of(kind.detector()), text,
                        List.of(value)));
            }
        }
        return samples;
    }

    private static String email(Fakes f) {
        String local = switch (f.random().nextInt(3)) {
            case 0 -> f.rnd(LOWER, f.between(3, 8)) + "." + f.rnd(LOWER, f.between(3, 10));
            case 1 -> f.rnd(LOWER, f.between(3, 8)) + "_" + f.rnd(LOWER, 4) + "+billing";
            default -> f.rnd(LOWER_ALNUM, f.between(6, 12));
        };
        return local + "@" + f.pick(new String[] {"example.com", "mail.example.org", "acme-corp.example", "example.co.uk"});
    }

    /** A card number: issuer prefix, random digits, Luhn check digit; plain or grouped as printed. */
    private static String card(Fakes f) {
        String[][] issuers = {{"4", "16"}, {"51", "16"}, {"55", "16"}, {"2221", "16"}, {"34", "15"}, {"37", "15"}, {"6011", "16"}};
        String[] issuer = f.pick(issuers);
        int length = Integer.parseInt(issuer[1]);
        String body = issuer[0] + f.rnd(DIGITS, length - 1 - issuer[0].length());
        String number = body + luhnDigit(body);
        if (f.random().nextBoolean()) {
            return number;
        }
        String sep = f.random().nextBoolean() ? " " : "-";
        return length == 15 ? number.substring(0, 4) + sep + number.substring(4, 10) + sep + number.substring(10)
                : String.join(sep, number.substring(0, 4), number.substring(4, 8), number.substring(8, 12), number.substring(12));
    }

    private static int luhnDigit(String body) {
        int sum = 0;
        for (int k = 0; k < body.length(); k++) {
            int d = body.charAt(body.length() - 1 - k) - '0';
            if (k % 2 == 0) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    /** An IBAN with correct check digits (98 - mod 97 of the rearranged number), for a few countries' layouts. */
    private static String iban(Fakes f) {
        String[][] layouts = {{"DE", "", "18"}, {"FR", "", "23"}, {"NL", "4", "10"}, {"GB", "4", "14"}, {"ES", "", "20"}};
        String[] layout = f.pick(layouts);
        String bban = f.rnd(UPPER, Integer.parseInt("0" + layout[1])) + f.rnd(DIGITS, Integer.parseInt(layout[2]));
        StringBuilder numeric = new StringBuilder();
        for (char c : (bban + layout[0] + "00").toCharArray()) {
            numeric.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf(c));
        }
        int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
        String iban = layout[0] + String.format("%02d", check) + bban;
        return f.random().nextBoolean() ? iban : iban.replaceAll("(.{4})(?!$)", "$1 ");
    }

    /** SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999. */
    private static String ssn(Fakes f) {
        int area = f.between(1, 665);
        return String.format("%03d-%02d-%04d", area, f.between(1, 99), f.between(1, 9999));
    }

    /** NANP numbers (area and exchange start with 2-9) and international ones with a country code. */
    private static String phone(Fakes f) {
        String area = f.between(2, 9) + f.rnd(DIGITS, 2);
        String exchange = f.between(2, 9) + f.rnd(DIGITS, 2);
        String line = f.rnd(DIGITS, 4);
        return switch (f.random().nextInt(4)) {
            case 0 -> "+1 (" + area + ") " + exchange + "-" + line;
            case 1 -> "(" + area + ") " + exchange + "-" + line;
            case 2 -> area + "-" + exchange + "-" + line;
            default -> "+44 20 " + f.rnd(DIGITS, 4) + " " + f.rnd(DIGITS, 4);
        };
    }
}
