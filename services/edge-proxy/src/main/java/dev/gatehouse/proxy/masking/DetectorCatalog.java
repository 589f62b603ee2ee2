package dev.gatehouse.proxy.masking;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves the detector names a policy uses: detector ids ({@code github-token}) and the groups
 * {@code secrets}, {@code pii} and {@code all}. Groups never select an opt-in detector ({@code phone}):
 * phone numbers are ordinary business data far more often than they are a leak, so a policy that wants
 * them masked names {@code phone} itself ({@code [all, phone]}). Unknown names are an error naming the
 * name, so a typo in a policy cannot silently switch masking off.
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
            switch (name) {
                case ALL -> addGroup(selected, null);
                case SECRETS -> addGroup(selected, Detector.Group.SECRETS);
                case PII -> addGroup(selected, Detector.Group.PII);
                default -> selected.add(byId(raw));
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

    /** Every name a policy may use, groups first. */
    public static List<String> knownNames() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(ALL, SECRETS, PII),
                Arrays.stream(Detector.values()).map(Detector::id)).toList();
    }

    static String describe(Set<Detector> detectors) {
        return detectors.stream().map(Detector::id).collect(Collectors.joining(",", "[", "]"));
    }

    private static void addGroup(Set<Detector> selected, Detector.Group group) {
        for (Detector detector : Detector.values()) {
            if (!detector.optIn() && (group == null || detector.group() == group)) {
                selected.add(detector);
            }
        }
    }
}
