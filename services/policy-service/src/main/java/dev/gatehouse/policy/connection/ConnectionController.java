package dev.gatehouse.policy.connection;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

@RestController
@RequestMapping("/api/v1/connections")
@PreAuthorize("hasAuthority('gatehouse-admin')")
class ConnectionController {

    private final Connections connections;

    ConnectionController(Connections connections) {
        this.connections = connections;
    }

    @GetMapping
    List<Connection> list() {
        return connections.list();
    }

    @GetMapping("/{name}")
    Connection get(@PathVariable String name) {
        return connections.get(name);
    }

    @PostMapping
    ResponseEntity<Connection> create(@Valid @RequestBody ConnectionRequest request) {
        Connection created = connections.create(request);
        return ResponseEntity.created(location(created)).body(created);
    }

    @PutMapping("/{name}")
    ResponseEntity<Connection> put(@PathVariable String name, @Valid @RequestBody ConnectionRequest request) {
        Connections.Upserted result = connections.upsert(name, request);
        return result.created()
                ? ResponseEntity.created(location(result.connection())).body(result.connection())
                : ResponseEntity.ok(result.connection());
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        connections.delete(name);
    }

    private static URI location(Connection connection) {
        return URI.create("/api/v1/connections/" + connection.name());
    }
}
