package dev.gatehouse.proxy.exchange;

import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;

/**
 * The order of the request filters of {@code /proxy/**}, relative to each other, in one place: a git
 * push is inspected first (it reads the body the preparation then reuses), the request is prepared
 * (read whole, bounded), then the proxy request filter decides, right after the gateway computed the URL
 * it overwrites.
 */
public final class RequestFilterOrder {

    public static final int PROXY_REQUEST = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    public static final int REQUEST_PREPARATION = PROXY_REQUEST - 1;
    public static final int GIT_PUSH_INSPECTION = REQUEST_PREPARATION - 1;
    /** An LLM call's body: read, its facts taken and its prompt masked before the preparation reuses it. */
    public static final int LLM_INSPECTION = GIT_PUSH_INSPECTION - 1;
    /** An MCP message's body: read as JSON-RPC, its method and tool taken before the preparation reuses it. */
    public static final int MCP_INSPECTION = LLM_INSPECTION - 1;

    private RequestFilterOrder() {
    }
}
