-- wrk script of the gateway benchmark: one OpenAI Chat Completions POST, the same body for every
-- target. BENCH_AUTH (Authorization value), BENCH_MODEL, BENCH_STREAM (1 or 0), BENCH_PORTKEY_HOST
-- (the fake's base URL, only for Portkey) and BENCH_PACE_MS (optional) come from the environment.
-- done() prints one JSON line.
local stream = os.getenv("BENCH_STREAM") == "1"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
local portkey = os.getenv("BENCH_PORTKEY_HOST")
if portkey and portkey ~= "" then
  wrk.headers["x-portkey-provider"] = "openai"
  wrk.headers["x-portkey-custom-host"] = portkey
end
-- BENCH_PACE_MS > 0 paces each connection: between an answer and its next request it waits a random
-- time with that mean (exponential, so the connections' requests arrive as a Poisson stream, not in
-- step), for an offered rate below saturation instead of requests back to back.
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "0") or 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
function init(args)
  math.randomseed(os.time() * 1000 + (thread_number or 0) * 7919)
end
if pace > 0 then
  function delay()
    return math.floor(-pace * math.log(1 - math.random()) + 0.5)
  end
end
wrk.body = '{"model":"' .. os.getenv("BENCH_MODEL") .. '","messages":[{"role":"user","content":"Say hello."}]'
  .. (stream and ',"stream":true' or '') .. '}'

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
