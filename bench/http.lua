-- wrk script for bench/http.sh: a CI job reading GET /items/7 from the demo echo target, either
-- through Gatehouse (PATH=/proxy/demo-http/items/7, TOKEN = the job's CI token) or through nginx /
-- directly (PATH=/items/7, no token). Every answer must be 200.

local token = os.getenv("TOKEN")
wrk.method = "GET"
wrk.path = os.getenv("TARGET_PATH") or "/items/7"
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- RATE (requests/s over all RATE_CONNECTIONS connections): each connection waits its share between
-- requests, so the target runs at about that rate instead of flat out.
local rate = tonumber(os.getenv("RATE") or "0") or 0
local connections = tonumber(os.getenv("RATE_CONNECTIONS") or "1") or 1
if rate > 0 then
  delay = function()
    return 1000 * connections / rate
  end
end

-- wrk --latency stops at p99; the summary below adds p99.9 and a machine-readable line.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
      "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f connect=%d read=%d write=%d timeout=%d non2xx=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000, summary.errors.connect, summary.errors.read, summary.errors.write,
      summary.errors.timeout, summary.errors.status))
end
