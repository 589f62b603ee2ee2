-- wrk script for bench/policy-rest.sh: every request is the edge-proxy's question to the
-- policy-service, POST /api/v1/decisions, for a CI job reading from the demo connection `demo-http`
-- (decided ALLOW by rule allow-get-with-repository of deploy/local's demo policy).
-- The proxy's service token comes from the environment: TOKEN=... wrk -s bench/policy-decision.lua URL

local token = os.getenv("TOKEN")
if token == nil or token == "" then
  io.stderr:write("policy-decision.lua: set TOKEN to a gatehouse-proxy service token\n")
  os.exit(2)
end

wrk.method = "POST"
wrk.path = "/api/v1/decisions"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = [[{"identity":{"issuer":"http://localhost:8090/ci","subject":"repo:acme/app:ref:refs/heads/main",]]
  .. [["claims":{"repository":"acme/app","ref":"refs/heads/main"}},]]
  .. [["operation":{"connection":"demo-http","protocol":"HTTP","method":"GET","path":"/items/7"}}]]

-- wrk --latency stops at p99; the summary below adds p99.9 and a machine-readable line.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format(
      "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f errors=%d non2xx=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000, errors, summary.errors.status))
end
