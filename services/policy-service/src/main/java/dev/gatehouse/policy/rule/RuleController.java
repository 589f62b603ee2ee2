package dev.gatehouse.policy.rule;

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
@RequestMapping("/api/v1/rules")
@PreAuthorize("hasAuthority('gatehouse-admin')")
class RuleController {

    private final Rules rules;

    RuleController(Rules rules) {
        this.rules = rules;
    }

    @GetMapping
    List<Rule> list() {
        return rules.list();
    }

    @GetMapping("/{id}")
    Rule get(@PathVariable String id) {
        return rules.get(id);
    }

    @PostMapping
    ResponseEntity<Rule> create(@Valid @RequestBody RuleRequest request) {
        Rule created = rules.create(request);
        return ResponseEntity.created(location(created)).body(created);
    }

    @PutMapping("/{id}")
    ResponseEntity<Rule> put(@PathVariable String id, @Valid @RequestBody RuleRequest request) {
        Rules.Upserted result = rules.upsert(id, request);
        return result.created()
                ? ResponseEntity.created(location(result.rule())).body(result.rule())
                : ResponseEntity.ok(result.rule());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        rules.delete(id);
    }

    private static URI location(Rule rule) {
        return URI.create("/api/v1/rules/" + rule.id());
    }
}
