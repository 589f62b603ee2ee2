package dev.gatehouse.proxy.route;

import java.net.URI;

/**
 * The URL a request goes to: the connection's registered upstream (which may carry a base path)
 * followed by the caller's path and query. The caller controls only what comes after the base path.
 */
final class UpstreamUrl {

    private UpstreamUrl() {
    }

    static URI of(String upstream, ProxyPath path) {
        URI base = URI.create(upstream);
        String scheme = base.getScheme();
        if ("stdio".equals(scheme)) {
            return base; // an MCP server the proxy launches (mcp package, StdioRoutingFilter): no caller path
        }
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || base.getHost() == null
                || base.getRawUserInfo() != null || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream must be an absolute http(s) URL without user info, query or fragment");
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String authority = base.getRawAuthority();
        String query = path.query() == null ? "" : "?" + path.query();
        return URI.create(scheme.toLowerCase() + "://" + authority + basePath + path.path() + query);
    }
}
