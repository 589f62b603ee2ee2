package dev.gatehouse.proxy.route;

import org.springframework.web.server.ServerWebExchange;

/**
 * The request as the proxy forwards it, fixed by {@link RequestPreparationFilter} before the policy is
 * asked: the effective method (after a method override), the method the request line said, the whole
 * body (empty when there is none), and the protocol an {@code Upgrade} header asks for (lower-case, or
 * {@code null}). Kept as an exchange attribute.
 */
record RequestShape(String method, String requestLineMethod, byte[] body, String upgrade) {

    static final String ATTRIBUTE = RequestShape.class.getName();

    static RequestShape of(ServerWebExchange exchange) {
        RequestShape shape = exchange.getAttribute(ATTRIBUTE);
        if (shape == null) {
            throw new IllegalStateException("request not prepared by RequestPreparationFilter");
        }
        return shape;
    }

    boolean overridden() {
        return !method.equals(requestLineMethod);
    }

    boolean hasBody() {
        return body.length > 0;
    }

    /** GET and HEAD: methods whose body has no defined meaning (RFC 9110 §9.3.1, §9.3.2). */
    boolean isRead() {
        return "GET".equals(method) || "HEAD".equals(method);
    }
}
