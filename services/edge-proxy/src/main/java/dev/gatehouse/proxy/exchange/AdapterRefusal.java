package dev.gatehouse.proxy.exchange;

/**
 * A protocol inspection's own refusal of a request the policy may allow (an MCP tool whose definition
 * changed since it was pinned), set as {@link ExchangeAttributes#ADAPTER_REFUSAL}: the proxying refuses it
 * after the decision like a refused request form, so it is recorded (a DECISION event naming {@code code})
 * and answered in the protocol's form, and nothing is forwarded. {@code detail} is a fixed text of the
 * adapter's, never echoed input.
 */
public record AdapterRefusal(String code, String detail) {
}
