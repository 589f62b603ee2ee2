package dev.gatehouse.policy.git;

import dev.gatehouse.model.GitRefUpdate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request of Git's smart HTTP protocol: the ref advertisement ({@code GET <repo>/info/refs?service=git-upload-pack})
 * or the RPC ({@code POST <repo>/git-upload-pack}) of a fetch, or the same for {@code git-receive-pack}
 * (a push, whose ref updates the proxy read from the request body).
 *
 * @param repository the path before {@code /info/refs} or {@code /git-*}, without the leading slash,
 *                   percent-decoded as the Git server decodes it, {@code .git} kept as written
 *                   ({@code acme/app.git})
 * @param refUpdates the commands of a receive-pack RPC; empty for everything else
 */
public record GitRequest(Service service, Phase phase, String repository, List<GitRefUpdate> refUpdates) {

    public enum Service {
        UPLOAD_PACK("git-upload-pack"), RECEIVE_PACK("git-receive-pack");

        private final String wireName;

        Service(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Optional<Service> byWireName(String name) {
            for (Service service : values()) {
                if (service.wireName.equals(name)) {
                    return Optional.of(service);
                }
            }
            return Optional.empty();
        }
    }

    public enum Phase { ADVERTISEMENT, RPC }

    private static final String INFO_REFS = "/info/refs";

    public GitRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(repository, "repository");
        refUpdates = refUpdates == null ? List.of() : List.copyOf(refUpdates);
    }

    /**
     * Empty for anything that is not smart HTTP: the dumb protocol ({@code /info/refs} without a
     * service, {@code /objects/...}, {@code /HEAD}), other methods, an unknown or repeated service, an
     * empty repository, or a path with empty or dot segments.
     */
    public static Optional<GitRequest> parse(String method, String path, String query, List<GitRefUpdate> refUpdates) {
        if (method == null || path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        if (method.equals("GET") && path.endsWith(INFO_REFS)) {
            return service(query).flatMap(service -> request(service, Phase.ADVERTISEMENT,
                    path.substring(0, path.length() - INFO_REFS.length()), List.of()));
        }
        if (method.equals("POST")) {
            for (Service service : Service.values()) {
                String suffix = "/" + service.wireName();
                if (path.endsWith(suffix)) {
                    List<GitRefUpdate> updates = service == Service.RECEIVE_PACK ? refUpdates : List.of();
                    return request(service, Phase.RPC, path.substring(0, path.length() - suffix.length()), updates);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The repository as the Git server sees it: the CGI server decodes the path (PATH_INFO), so a
     * percent-encoded name must match rules like its plain spelling. Undecodable, empty or dot
     * segments, and segments decoding to a slash or a control character, are refused.
     */
    private static Optional<GitRequest> request(Service service, Phase phase, String repositoryPath,
                                                List<GitRefUpdate> updates) {
        String raw = repositoryPath.startsWith("/") ? repositoryPath.substring(1) : repositoryPath;
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder repository = new StringBuilder(raw.length());
        for (String encoded : raw.split("/", -1)) {
            String segment = decode(encoded.replace("+", "%2B"));
            if (segment == null || segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.chars().anyMatch(c -> c == '/' || c < 0x20 || c == 0x7f)) {
                return Optional.empty();
            }
            repository.append(repository.isEmpty() ? "" : "/").append(segment);
        }
        return Optional.of(new GitRequest(service, phase, repository.toString(), updates));
    }

    /** The one {@code service} parameter; a missing, unknown or repeated one is not smart HTTP. */
    private static Optional<Service> service(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        String value = null;
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
            String parameterValue = equals < 0 ? "" : decode(parameter.substring(equals + 1));
            if (name == null || parameterValue == null) {
                return Optional.empty(); // malformed percent-encoding: the backend's reading is unknowable
            }
            if (name.equals("service")) {
                if (value != null) {
                    return Optional.empty();
                }
                value = parameterValue;
            }
        }
        return value == null ? Optional.empty() : Service.byWireName(value);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
