package dev.gatehouse.policy.document;

import dev.gatehouse.model.ConnectionTarget;
import dev.gatehouse.model.Protocol;

import java.util.Map;

/**
 * A registered target: the only upstream the proxy forwards to for this name. {@code type} decides
 * how operations on it are read (HTTP request, SQL, Kubernetes API call, Git smart HTTP).
 */
public record ConnectionSpec(String name, Protocol type, String upstream, String description,
                             Map<String, String> settings) {

    public ConnectionSpec {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public ConnectionTarget target() {
        return new ConnectionTarget(name, type, upstream);
    }
}
