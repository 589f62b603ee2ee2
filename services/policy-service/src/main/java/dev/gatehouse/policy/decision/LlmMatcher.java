package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.glob.GlobSet;
import dev.gatehouse.policy.llm.LlmRequest;

/**
 * A rule's {@code llm} block, matched by the action's direction. An allow rule must cover the call:
 * its model named, a {@code max_tokens} asked for and within the ceiling (a call without one could run
 * to the provider's maximum; embeddings generate nothing and need none), every offered tool named. A deny or review rule matches what it names: the
 * model, a {@code max_tokens} over the ceiling or absent, any one of the tools.
 */
final class LlmMatcher {

    private final GlobSet models;
    private final Long maxTokens;
    private final GlobSet tools;
    private final boolean allow;

    LlmMatcher(OperationMatch.Llm llm, Action action) {
        this.models = GlobSet.compile(llm.models());
        this.maxTokens = llm.maxTokens();
        this.tools = GlobSet.compile(llm.tools());
        this.allow = action == Action.ALLOW;
    }

    String mismatch(LlmRequest request, boolean explain) {
        if (request == null) {
            return explain ? "not an LLM API call" : Mismatch.NO;
        }
        if (!models.isEmpty() && !models.matches(request.model())) {
            return explain ? "model " + request.model() + " not in " + models : Mismatch.NO;
        }
        if (maxTokens != null) {
            // Embeddings generate no answer: there is nothing for a ceiling to bound.
            boolean within = !request.generates()
                    || request.maxTokens() != null && request.maxTokens() <= maxTokens;
            if (allow != within) {
                return explain ? "max_tokens " + (request.maxTokens() == null ? "not set" : request.maxTokens())
                        + (allow ? " exceeds " : " within ") + maxTokens : Mismatch.NO;
            }
        }
        if (!tools.isEmpty() && !request.tools().isEmpty()) {
            boolean matches = allow ? tools.matchesAll(request.tools()) : tools.matchesAny(request.tools());
            if (!matches) {
                return explain ? "tools " + request.tools() + (allow ? " not all" : " none") + " in " + tools
                        : Mismatch.NO;
            }
        } else if (!tools.isEmpty() && !allow) {
            return explain ? "no tools offered" : Mismatch.NO;
        }
        return null;
    }
}
