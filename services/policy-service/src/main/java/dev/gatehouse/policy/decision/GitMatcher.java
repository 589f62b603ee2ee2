package dev.gatehouse.policy.decision;

import dev.gatehouse.model.GitRefUpdate;
import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.git.GitRequest;
import dev.gatehouse.policy.glob.GlobSet;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rule's {@code git} block. Ref updates of a push are matched by the action's direction: an allow
 * rule must cover every pushed ref and action, a deny or review rule matches when any update is
 * named (deleting {@code main} in a push that also updates a feature branch is still a delete of main).
 */
final class GitMatcher {

    private final Set<GitRequest.Service> services;
    private final GlobSet repositories;
    private final GlobSet refs;
    private final Set<GitRefUpdate.Action> actions;
    private final boolean allow;

    GitMatcher(OperationMatch.Git git, Action action) {
        this.services = git.services().stream().map(GitMatcher::service).collect(Collectors.toUnmodifiableSet());
        this.repositories = GlobSet.compile(git.repositories());
        this.refs = GlobSet.compile(git.refs());
        this.actions = git.actions().stream().map(name -> GitRefUpdate.Action.valueOf(name.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
        this.allow = action == Action.ALLOW;
    }

    String mismatch(GitRequest request, boolean explain) {
        if (request == null) {
            return explain ? "not a Git smart HTTP request" : Mismatch.NO;
        }
        if (!services.isEmpty() && !services.contains(request.service())) {
            return explain ? "service " + request.service() + " not in " + services : Mismatch.NO;
        }
        if (!repositories.isEmpty() && !repositories.matches(request.repository())) {
            return explain ? "repository " + request.repository() + " not in " + repositories : Mismatch.NO;
        }
        if (refs.isEmpty() && actions.isEmpty()) {
            return null;
        }
        List<GitRefUpdate> updates = request.refUpdates();
        boolean matches = allow ? updates.stream().allMatch(this::updateMatches)
                : updates.stream().anyMatch(this::updateMatches);
        if (!matches) {
            return explain ? "ref updates " + describe(updates) + (allow ? " not all" : " none") + " covered by refs "
                    + refs + " actions " + actions : Mismatch.NO;
        }
        return null;
    }

    private boolean updateMatches(GitRefUpdate update) {
        return (refs.isEmpty() || refs.matches(update.ref())) && (actions.isEmpty() || actions.contains(update.action()));
    }

    private static String describe(List<GitRefUpdate> updates) {
        return updates.stream().map(update -> update.action().name().toLowerCase(Locale.ROOT) + " " + update.ref())
                .toList().toString();
    }

    private static GitRequest.Service service(String name) {
        return switch (name) {
            case "upload-pack" -> GitRequest.Service.UPLOAD_PACK;
            case "receive-pack" -> GitRequest.Service.RECEIVE_PACK;
            default -> throw new IllegalArgumentException("unknown git service " + name);
        };
    }
}
