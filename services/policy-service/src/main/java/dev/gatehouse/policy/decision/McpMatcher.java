package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.glob.GlobSet;
import dev.gatehouse.policy.mcp.McpRequest;

/**
 * A rule's {@code mcp} block. A message names one method and at most one tool, so allow, deny and review
 * read it alike: the method among the method globs (when given), and, when tool globs are given, a
 * {@code tools/call} of a named tool (a tool glob never matches {@code initialize} or {@code tools/list}).
 */
final class McpMatcher {

    private final GlobSet methods;
    private final GlobSet tools;

    McpMatcher(OperationMatch.Mcp mcp) {
        this.methods = GlobSet.compile(mcp.methods());
        this.tools = GlobSet.compile(mcp.tools());
    }

    String mismatch(McpRequest request, boolean explain) {
        if (request == null) {
            return explain ? "not an MCP message" : Mismatch.NO;
        }
        if (!methods.isEmpty() && !methods.matches(request.method())) {
            return explain ? "method " + request.method() + " not in " + methods : Mismatch.NO;
        }
        if (!tools.isEmpty() && (request.tool() == null || !tools.matches(request.tool()))) {
            return explain ? (request.tool() == null ? "not a tool call" : "tool " + request.tool() + " not in "
                    + tools) : Mismatch.NO;
        }
        return null;
    }
}
