package dev.gatehouse.proxy.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a reviewer reads first about a held Kubernetes request: the action as kubectl users say it
 * ({@code delete configmaps/app-config -n staging}, {@code exec pods/web -n default -- rm -rf /data}),
 * derived from the method and the path the way the API server names verbs. For display only: the
 * decision was made by policy-service on its own reading of the same request; a path this does not
 * recognise is shown as the HTTP line it is.
 */
public final class KubernetesAction {

    private KubernetesAction() {
    }

    public static String describe(String method, String path, String query) {
        List<String> parts = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                parts.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        int resourceAt = parts.size() >= 2 && parts.get(0).equals("api") ? 2
                : parts.size() >= 3 && parts.get(0).equals("apis") ? 3 : -1;
        if (resourceAt < 0 || parts.size() <= resourceAt) {
            return method + " " + path;
        }
        String namespace = null;
        List<String> rest = parts.subList(resourceAt, parts.size());
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        StringBuilder action = new StringBuilder(verb(method, name, query)).append(' ').append(resource);
        if (subresource != null) {
            action.append('/').append(subresource);
        }
        if (name != null) {
            action.append(' ').append(name);
        }
        if (namespace != null) {
            action.append(" -n ").append(namespace);
        }
        List<String> command = commands(query);
        if (!command.isEmpty()) {
            action.append(" -- ").append(String.join(" ", command));
        }
        return action.toString();
    }

    private static String verb(String method, String name, String query) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> name != null ? "get" : WatchEvents.isWatch("", query) ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    /** An exec's {@code command=} parameters, in order. */
    private static List<String> commands(String query) {
        List<String> command = new ArrayList<>();
        if (query == null) {
            return command;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("command=")) {
                command.add(URLDecoder.decode(parameter.substring(8), StandardCharsets.UTF_8));
            }
        }
        return command;
    }
}
