package dev.gatehouse.proxy.masking.detect;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Resolves the detector names a policy uses: detector ids ({@code github-token}), the families
 * ({@code ai-providers}, {@code cloud}, {@code vcs}, ... {@code pii}, see {@link Detector.Family}) and the
 * groups {@code secrets} (every family but {@code pii}) and {@code all}. Groups and families never select
 * an opt-in detector ({@code phone}): phone numbers are ordinary business data far more often than they
 * are a leak, so a policy that wants them masked names {@code phone} itself ({@code [all, phone]}).
 * Unknown names are an error naming the name, so a typo in a policy cannot silently switch masking off.
 */
public final class DetectorCatalog {

    public static final String SECRETS = "secrets";
    public static final String PII = "pii";
    public static final String ALL = "all";

    private DetectorCatalog() {
    }

    /** Throws {@link IllegalArgumentException} naming the first unknown detector id or group. */
    public static void validate(List<String> names) {
        resolve(names);
    }

    public static Set<Detector> resolve(List<String> names) {
        EnumSet<Detector> selected = EnumSet.noneOf(Detector.class);
        for (String raw : names) {
            String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            Detector.Family family = family(name);
            if (name.equals(ALL) || name.equals(SECRETS)) {
                addWhere(selected, d -> name.equals(ALL) || d.family().secret());
            } else if (family != null) {
                addWhere(selected, d -> d.family() == family);
            } else {
                selected.add(byId(raw));
            }
        }
        return selected;
    }

    public static Detector byId(String id) {
        for (Detector detector : Detector.values()) {
            if (detector.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return detector;
            }
        }
        throw new IllegalArgumentException("unknown masking detector '" + id + "'; known: " + knownNames());
    }

    /** Every name a policy may use: the groups, the families, then the detector ids. */
    public static List<String> knownNames() {
        return Stream.of(Stream.of(ALL, SECRETS), Arrays.stream(Detector.Family.values()).map(Detector.Family::id),
                Arrays.stream(Detector.values()).map(Detector::id)).flatMap(s -> s).toList();
    }

    public static String describe(Set<Detector> detectors) {
        return detectors.stream().map(Detector::id).collect(Collectors.joining(",", "[", "]"));
    }

    private static Detector.Family family(String name) {
        for (Detector.Family family : Detector.Family.values()) {
            if (family.id().equals(name)) {
                return family;
            }
        }
        return null;
    }

    private static void addWhere(Set<Detector> selected, java.util.function.Predicate<Detector> filter) {
        for (Detector detector : Detector.values()) {
            if (!detector.optIn() && filter.test(detector)) {
                selected.add(detector);
            }
        }
    }
}
