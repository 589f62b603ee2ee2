package dev.gatehouse.model;

/** The family of a target connection; decides how an operation is parsed. */
public enum Protocol {
    HTTP, POSTGRES, KUBERNETES, GIT, SSH,
    /** An LLM API (OpenAI-compatible or Anthropic Messages): HTTP on the wire, decided on the request body's facts. */
    LLM,
    MYSQL,
    /** An MCP server (Streamable HTTP): JSON-RPC on the wire, decided on the message's method and tool. */
    MCP
}
