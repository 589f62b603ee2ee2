package dev.gatehouse.policy.connection;

import dev.gatehouse.model.Protocol;
import dev.gatehouse.policy.common.InvalidField;
import dev.gatehouse.policy.common.PolicyChanged;
import dev.gatehouse.policy.common.Slugs;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Admin use cases on connections: validation beyond bean validation, persistence, change events. */
@Service
class Connections {

    /** Protocols whose traffic the proxy can already carry; the others are refused until they exist. */
    private static final List<Protocol> SUPPORTED = List.of(Protocol.HTTP);

    private final ConnectionRepository repository;
    private final ApplicationEventPublisher events;

    Connections(ConnectionRepository repository, ApplicationEventPublisher events) {
        this.repository = repository;
        this.events = events;
    }

    List<Connection> list() {
        return repository.findAll();
    }

    Connection get(String name) {
        return repository.find(name).orElseThrow(() -> new ConnectionNotFound(name));
    }

    Connection create(ConnectionRequest request) {
        if (request.name() == null) {
            throw new InvalidField("name", "must not be null");
        }
        Protocol protocol = protocol(request.protocol());
        try {
            Connection created = repository.insert(request.name(), protocol, upstream(request.upstream()),
                    request.description());
            events.publishEvent(new PolicyChanged("connection", created.name()));
            return created;
        } catch (DuplicateKeyException e) {
            throw new ConnectionAlreadyExists(request.name());
        }
    }

    /** PUT is an upsert: returns the stored connection and whether it was created. */
    Upserted upsert(String name, ConnectionRequest request) {
        if (!Slugs.isSlug(name)) {
            throw new InvalidField("name", "must match " + Slugs.PATTERN);
        }
        if (request.name() != null && !request.name().equals(name)) {
            throw new InvalidField("name", "must equal the name in the path (connections cannot be renamed)");
        }
        Protocol protocol = protocol(request.protocol());
        String upstream = upstream(request.upstream());
        var updated = repository.update(name, protocol, upstream, request.description());
        if (updated.isPresent()) {
            events.publishEvent(new PolicyChanged("connection", name));
            return new Upserted(updated.get(), false);
        }
        return new Upserted(create(new ConnectionRequest(name, request.protocol(), upstream,
                request.description())), true);
    }

    void delete(String name) {
        if (!repository.delete(name)) {
            throw new ConnectionNotFound(name);
        }
        events.publishEvent(new PolicyChanged("connection", name));
    }

    record Upserted(Connection connection, boolean created) {
    }

    private static Protocol protocol(String value) {
        Protocol protocol = Slugs.parse(Protocol.class, "protocol", value);
        if (!SUPPORTED.contains(protocol)) {
            throw new InvalidField("protocol", "only " + SUPPORTED + " is supported for now");
        }
        return protocol;
    }

    /** The proxy forwards here verbatim, so only a plain absolute http(s) base URL is accepted. */
    static String upstream(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException | NullPointerException e) {
            throw new InvalidField("upstream", "must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new InvalidField("upstream", "must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidField("upstream", "must name a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidField("upstream", "must not have a query or fragment");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidField("upstream", "must not carry user info (credentials belong in the vault)");
        }
        return value;
    }
}
