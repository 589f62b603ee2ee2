package dev.gatehouse.policy.connection;

import dev.gatehouse.model.Protocol;
import dev.gatehouse.policy.document.ConnectionSpec;

import java.util.Map;

/** A connection of the active policy version, read-only: change it by storing a new policy version. */
record ConnectionView(String name, Protocol type, String upstream, String description, Map<String, String> settings,
                      long policyVersion) {

    static ConnectionView of(ConnectionSpec spec, long policyVersion) {
        return new ConnectionView(spec.name(), spec.type(), spec.upstream(), spec.description(), spec.settings(),
                policyVersion);
    }
}
