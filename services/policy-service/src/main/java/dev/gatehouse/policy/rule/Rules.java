package dev.gatehouse.policy.rule;

import dev.gatehouse.policy.common.InvalidField;
import dev.gatehouse.policy.common.PolicyChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import java.util.List;

/** Admin use cases on rules: validation, persistence, change events. */
@Service
class Rules {

    private final RuleRepository repository;
    private final ApplicationEventPublisher events;

    Rules(RuleRepository repository, ApplicationEventPublisher events) {
        this.repository = repository;
        this.events = events;
    }

    List<Rule> list() {
        return repository.findAll();
    }

    Rule get(String id) {
        return repository.find(id).orElseThrow(() -> new RuleNotFound(id));
    }

    Rule create(RuleRequest request) {
        if (request.id() == null) {
            throw new InvalidField("id", "must not be null");
        }
        Rule rule = RuleValidator.toRule(request.id(), request);
        try {
            Rule created = repository.insert(rule);
            events.publishEvent(new PolicyChanged("rule", created.id()));
            return created;
        } catch (DuplicateKeyException e) {
            throw new RuleAlreadyExists(rule.id());
        }
    }

    /** PUT is an upsert: a full replacement when the rule exists, a create otherwise. */
    Upserted upsert(String id, RuleRequest request) {
        if (request.id() != null && !request.id().equals(id)) {
            throw new InvalidField("id", "must equal the id in the path (rules cannot be renamed)");
        }
        Rule rule = RuleValidator.toRule(id, request);
        var updated = repository.update(rule);
        if (updated.isPresent()) {
            events.publishEvent(new PolicyChanged("rule", id));
            return new Upserted(updated.get(), false);
        }
        try {
            Rule created = repository.insert(rule);
            events.publishEvent(new PolicyChanged("rule", id));
            return new Upserted(created, true);
        } catch (DuplicateKeyException e) {
            // Created concurrently between our UPDATE and INSERT: the other writer won.
            throw new RuleAlreadyExists(id);
        }
    }

    void delete(String id) {
        if (!repository.delete(id)) {
            throw new RuleNotFound(id);
        }
        events.publishEvent(new PolicyChanged("rule", id));
    }

    record Upserted(Rule rule, boolean created) {
    }
}
