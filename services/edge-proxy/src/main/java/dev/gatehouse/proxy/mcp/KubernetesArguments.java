package dev.gatehouse.proxy.mcp;

import dev.gatehouse.proxy.mcp.ArgumentMeanings.UnreadableArgument;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tool call's Kubernetes arguments ({@code settings.kubernetesArguments: name[:verb],…}) as the API
 * requests they stand for, {@code METHOD /path[?query]} lines that policy-service reads exactly as a
 * request on a Kubernetes connection. Without a verb the argument is such a request line itself
 * ({@code DELETE /apis/apps/v1/namespaces/prod/deployments/web}); with one ({@code get}, {@code create},
 * {@code update}, {@code patch}, {@code apply}, {@code delete}) it is a manifest (a JSON object, or a string
 * holding one) whose {@code apiVersion}, {@code kind}, {@code metadata.namespace} and {@code metadata.name}
 * give the request that verb makes. The resource is guessed from the kind as kubectl does for unknown
 * kinds (lower case, plural). A namespaced manifest without a namespace, YAML, or anything else that
 * cannot be read so is {@link UnreadableArgument}: the server could put it anywhere.
 */
final class KubernetesArguments {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern REQUEST_LINE = Pattern.compile("(GET|POST|PUT|PATCH|DELETE) /[\\x21-\\x7e]*");
    private static final Pattern API_VERSION = Pattern.compile("([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?/)?v[0-9][a-z0-9]{0,15}");
    private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Set<String> VERBS = Set.of("get", "create", "update", "patch", "apply", "delete");
    private static final Set<String> CLUSTER_KINDS = Set.of("Namespace", "Node", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "StorageClass", "CustomResourceDefinition", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "CSIDriver",
            "RuntimeClass", "VolumeAttachment", "CertificateSigningRequest");

    private KubernetesArguments() {
    }

    /** The request lines of the named arguments present, joined by a NUL; empty when none is named. */
    static Optional<String> of(String spec, JsonNode arguments) {
        if (spec == null || spec.isBlank()) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.strip().split(":", 2);
            String verb = parts.length == 2 ? parts[1].strip().toLowerCase(Locale.ROOT) : null;
            if (parts[0].isEmpty() || !arguments.has(parts[0])) {
                continue;
            }
            JsonNode value = arguments.get(parts[0]);
            lines.add(verb == null ? requestLine(parts[0], value) : manifest(parts[0], verb, value));
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\u0000", lines));
    }

    private static String requestLine(String name, JsonNode value) {
        if (!value.isString() || !REQUEST_LINE.matcher(value.asString()).matches()) {
            throw new UnreadableArgument("the argument " + name + " is a Kubernetes API request and must be "
                    + "'METHOD /path'");
        }
        return value.asString();
    }

    private static String manifest(String name, String verb, JsonNode value) {
        if (!VERBS.contains(verb)) {
            throw new UnreadableArgument("the connection names an unknown Kubernetes verb for argument " + name);
        }
        JsonNode manifest = value.isString() ? parse(name, value.asString()) : value;
        String apiVersion = manifest.path("apiVersion").asString("");
        String kind = manifest.path("kind").asString("");
        String namespace = manifest.path("metadata").path("namespace").asString(null);
        String object = manifest.path("metadata").path("name").asString(null);
        if (!manifest.isObject() || !API_VERSION.matcher(apiVersion).matches() || !KIND.matcher(kind).matches()
                || kind.endsWith("List")) {
            throw new UnreadableArgument("the argument " + name + " is a Kubernetes manifest and needs one object's "
                    + "apiVersion and kind");
        }
        boolean cluster = CLUSTER_KINDS.contains(kind);
        if (!cluster && (namespace == null || !NAME.matcher(namespace).matches())) {
            throw new UnreadableArgument("the Kubernetes manifest in argument " + name + " needs metadata.namespace");
        }
        boolean collection = verb.equals("create");
        if (!collection && (object == null || !NAME.matcher(object).matches())) {
            throw new UnreadableArgument("the Kubernetes manifest in argument " + name + " needs metadata.name");
        }
        String path = (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion
                + (cluster ? "" : "/namespaces/" + namespace) + "/" + resource(kind) + (collection ? "" : "/" + object);
        return method(verb) + " " + path;
    }

    private static JsonNode parse(String name, String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new UnreadableArgument("the Kubernetes manifest in argument " + name + " must be JSON");
        }
    }

    private static String method(String verb) {
        return switch (verb) {
            case "get" -> "GET";
            case "create" -> "POST";
            case "update" -> "PUT";
            case "delete" -> "DELETE";
            default -> "PATCH"; // patch, and apply (server-side apply is a PATCH)
        };
    }

    /** kubectl's guess for a kind it has no discovery for: lower case, then -es after s, -ies for a consonant's y, else -s. */
    static String resource(String kind) {
        String singular = kind.toLowerCase(Locale.ROOT);
        if (singular.equals("endpoints")) {
            return singular;
        }
        if (singular.endsWith("s")) {
            return singular + "es";
        }
        if (singular.endsWith("y") && !singular.matches(".*[aeiou]y")) { // not kubectl's "gatewaies"
            return singular.substring(0, singular.length() - 1) + "ies";
        }
        return singular + "s";
    }
}
