#!/usr/bin/env bash
# The gateway benchmark (issue 15, items 4 and 5): bash bench/gateway/run.sh
# Installs what is missing (Debian's nginx-light and wrk, @portkey-ai/gateway 1.15.2 into
# bench/gateway/.portkey, dotnet-counters into bench/.tools), builds Agent Hub (Release, published),
# makes a self-signed certificate, starts nginx as a zero-work OpenAI-compatible provider on
# 127.0.0.1, seeds a data folder through the Core services (two Custom credentials to nginx with the
# certificate as their CA, models bench-json and bench-stream, one agent key), starts Agent Hub,
# Portkey's gateway and the .NET floor (bench/gateway/Floor: Kestrel + one HttpClient relaying the body,
# nothing else) in front of it, and drives all four targets (direct, floor, Agent Hub, Portkey) with
# wrk, interleaved, at 1, 16, 64 and 256 connections, non-streamed and streamed; then time to first
# token (bench/gateway/Ttft) and allocations per request (dotnet-counters). Writes the table to
# stdout and bench/results/<date>-gateway.md. Stops everything it started on exit.
# Knobs: REPEATS (3), DURATION (10, seconds per run), WARMUP (5), CONCURRENCY ("1 16 64 256"),
# TTFT_N (500), ALLOC_SECONDS (10), RIG_CPU (0) and GATEWAY_CPU (1): wrk and nginx run on RIG_CPU, each gateway on GATEWAY_CPU;
# PACED_RPS (500) and PACED_CONCURRENCY ("1 16"): the same connections again, each paced so that together they
# offer about PACED_RPS requests per second to every target (below saturation: latency without the queue),
# each run PACED_DURATION (2 × DURATION) seconds long, so that its p99 rests on a few thousand calls;
# FIRST_WARMUP (20): seconds of both shapes at 16 connections through each gateway before any point, so that the
# first point (one connection) does not measure code the runtime has not yet optimised (tiered compilation).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="$(dirname "$here")"
root="$(dirname "$bench")"
build="$bench/.build/gateway"
work="$bench/.data/gateway"
repeats="${REPEATS:-3}"
duration="${DURATION:-10}"
warmup="${WARMUP:-5}"
concurrency="${CONCURRENCY:-1 16 64 256}"
paced_rps="${PACED_RPS:-500}"
paced_concurrency="${PACED_CONCURRENCY:-1 16}"
paced_duration="${PACED_DURATION:-$(( ${DURATION:-10} * 2 ))}"
first_warmup="${FIRST_WARMUP:-20}"
ttft_n="${TTFT_N:-500}"
alloc_seconds="${ALLOC_SECONDS:-10}"
rig_cpu="${RIG_CPU:-0}"
gateway_cpu="${GATEWAY_CPU:-1}"
cd "$root"
# The CPU counters at the start: the report gives the share of the run's CPU time the host took (steal).
stat_start="$(head -1 /proc/stat)"

# --- what is missing
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  echo "bench: installing nginx-light and wrk (apt)"
  apt-get install -y nginx-light wrk >/dev/null
fi
portkey="$here/.portkey/node_modules/@portkey-ai/gateway/build/start-server.js"
if [ ! -f "$portkey" ]; then
  echo "bench: installing @portkey-ai/gateway 1.15.2 (npm)"
  mkdir -p "$here/.portkey"
  (cd "$here/.portkey" && npm install --no-audit --no-fund --silent @portkey-ai/gateway@1.15.2 >/dev/null)
fi
counters="$bench/.tools/dotnet-counters"
if [ ! -x "$counters" ]; then
  dotnet tool install dotnet-counters --tool-path "$bench/.tools" >/dev/null
fi

# --- build
echo "bench: building (Release)"
quietly() { local log; log="$(mktemp)"; "$@" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; return 1; }; rm -f "$log"; }
quietly dotnet publish AgentHub.Web -c Release -o "$build/web" -v q -nologo
quietly dotnet build bench/gateway/Seeder -c Release -o "$build/seeder" -v q -nologo
quietly dotnet build bench/gateway/Ttft -c Release -o "$build/ttft" -v q -nologo
quietly dotnet build bench/gateway/Floor -c Release -o "$build/floor" -v q -nologo

rm -rf "$work" && mkdir -p "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
tls_port="$(free_port)"; plain_port="$(free_port)"; app_port="$(free_port)"; portkey_port="$(free_port)"; floor_port="$(free_port)"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# --- the fake: nginx with a certificate made now (P-256, for 127.0.0.1, its own CA)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=Agent Hub gateway benchmark fake" \
  -addext "subjectAltName=IP:127.0.0.1" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,digitalSignature,keyCertSign" -addext "extendedKeyUsage=serverAuth" \
  -keyout "$work/fake.key" -out "$work/fake.pem" 2>/dev/null
sed -e "s|@DIR@|$work|g" -e "s|@TLS_PORT@|$tls_port|g" -e "s|@PLAIN_PORT@|$plain_port|g" "$here/nginx.conf.template" >"$work/nginx.conf"
taskset -c "$rig_cpu" nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!); nginx_pid=$!
fake="https://127.0.0.1:$tls_port"
for _ in $(seq 1 50); do curl -fs --cacert "$work/fake.pem" -o /dev/null "$fake/json/v1/models" && break; sleep 0.2; done

# --- seed and start the gateways
dotnet "$build/seeder/GatewaySeeder.dll" "$work/data" "$fake" "$work/fake.pem" "$work/agent-key"
agent_key="$(cat "$work/agent-key")"
(cd "$build/web" && ASPNETCORE_ENVIRONMENT=Production \
  ConnectionStrings__AgentHub="Data Source=$work/data/agenthub.db" \
  AgentHub__DataProtection__KeysPath="$work/data/keys" \
  AgentHub__Network__AllowPrivateEndpoints=true \
  Logging__LogLevel__Default=Warning \
  exec taskset -c "$gateway_cpu" dotnet AgentHub.Web.dll --urls "http://127.0.0.1:$app_port" >"$work/agenthub.log" 2>&1) &
pids+=($!); app_pid=$!
(cd "$here/.portkey" && NODE_ENV=production NODE_EXTRA_CA_CERTS="$work/fake.pem" \
  exec taskset -c "$gateway_cpu" node --import "$here/portkey-headers-fix.mjs" "$portkey" --port="$portkey_port" --headless >"$work/portkey.log" 2>&1) &
pids+=($!); portkey_pid=$!
(cd "$build/floor" && UPSTREAM="$fake" CA_PEM="$work/fake.pem" \
  exec taskset -c "$gateway_cpu" dotnet GatewayFloor.dll --urls "http://127.0.0.1:$floor_port" >"$work/floor.log" 2>&1) &
pids+=($!); floor_pid=$!

# One target: name, chat URL, Authorization, model, Portkey custom host (empty for the others).
url_of() { case "$1" in direct) echo "http://127.0.0.1:$plain_port/$2/v1/chat/completions" ;; agenthub) echo "http://127.0.0.1:$app_port/v1/chat/completions" ;; floor) echo "http://127.0.0.1:$floor_port/v1/chat/completions" ;; portkey) echo "http://127.0.0.1:$portkey_port/v1/chat/completions" ;; esac; }
auth_of() { case "$1" in agenthub) echo "Bearer $agent_key" ;; *) echo "Bearer sk-bench-gateway-0123456789abcdef" ;; esac; }
host_of() { [ "$1" = portkey ] && echo "$fake/$2/v1" || true; }
pid_of() { case "$1" in direct) echo "$nginx_pid" ;; agenthub) echo "$app_pid" ;; portkey) echo "$portkey_pid" ;; floor) echo "$floor_pid" ;; esac; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

check() { # target shape: one call must answer 200 with the fake's text
  local args=(-fsS -X POST "$(url_of "$1" "$2")" -H "Content-Type: application/json" -H "Authorization: $(auth_of "$1")"
    -d "{\"model\":\"bench-$2\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]$([ "$2" = stream ] && echo ',"stream":true')}")
  [ "$1" = portkey ] && args+=(-H "x-portkey-provider: openai" -H "x-portkey-custom-host: $(host_of "$1" "$2")")
  local body
  for _ in $(seq 1 90); do body="$(curl "${args[@]}" 2>&1)" && break; sleep 1; done
  if ! grep -q "zero-work provider" <<<"$body"; then echo "bench: $1 $2 did not answer as expected: $body" >&2; tail -20 "$work/$1.log" >&2 || true; exit 1; fi
}
for target in direct floor agenthub portkey; do for shape in json stream; do check "$target" "$shape"; done; done
echo "bench: all four targets answer (nginx :$tls_port/:$plain_port, floor :$floor_port, Agent Hub :$app_port, Portkey :$portkey_port)"

wrk_run() { # target shape connections seconds [pace ms] -> one WRKJSON line
  local threads=2; [ "$3" -lt 2 ] && threads=1
  BENCH_PACE_MS="${5:-0}" BENCH_AUTH="$(auth_of "$1")" BENCH_MODEL="bench-$2" BENCH_STREAM="$([ "$2" = stream ] && echo 1 || echo 0)" \
    BENCH_PORTKEY_HOST="$(host_of "$1" "$2")" \
    taskset -c "$rig_cpu" wrk -t "$threads" -c "$3" -d "${4}s" --latency --timeout 10s -s "$here/chat.lua" "$(url_of "$1" "$2")" \
    | sed -n 's/^WRKJSON //p'
}

samples="$work/samples.jsonl"
: >"$samples"
targets=(direct floor agenthub portkey)
echo "bench: warming both gateways up (${first_warmup} s of each shape at 16 connections)"
for target in floor agenthub portkey; do for shape in json stream; do wrk_run "$target" "$shape" 16 "$first_warmup" >/dev/null; done; done
for shape in json stream; do
  for c in $concurrency; do
    for target in "${targets[@]}"; do wrk_run "$target" "$shape" "$c" "$warmup" >/dev/null; done
    for r in $(seq 1 "$repeats"); do
      # Rotate the order each repeat, so no target always follows the same one.
      for i in "${!targets[@]}"; do
        target="${targets[$(( (i + r - 1) % ${#targets[@]} ))]}"
        load="$(cut -d' ' -f1 /proc/loadavg)"
        line="$(wrk_run "$target" "$shape" "$c" "$duration")"
        echo "{\"target\":\"$target\",\"shape\":\"$shape\",\"c\":$c,\"repeat\":$r,\"load\":$load,\"rss_kb\":$(rss_kb "$(pid_of "$target")"),\"wrk\":$line}" >>"$samples"
        echo "bench: $shape c=$c repeat $r $target: $line"
      done
    done
  done
done

# --- the same connections at a fixed offered rate (each connection waits c*1000/PACED_RPS ms between calls)
for shape in json stream; do
  for c in $paced_concurrency; do
    pace="$(python3 -c "print(round($c * 1000 / $paced_rps, 3))")"
    for r in $(seq 1 "$repeats"); do
      for i in "${!targets[@]}"; do
        target="${targets[$(( (i + r - 1) % ${#targets[@]} ))]}"
        load="$(cut -d' ' -f1 /proc/loadavg)"
        line="$(wrk_run "$target" "$shape" "$c" "$paced_duration" "$pace")"
        echo "{\"target\":\"$target\",\"shape\":\"$shape\",\"c\":$c,\"paced_rps\":$paced_rps,\"repeat\":$r,\"load\":$load,\"rss_kb\":$(rss_kb "$(pid_of "$target")"),\"wrk\":$line}" >>"$samples"
        echo "bench: paced $shape c=$c (${paced_rps} req/s offered) repeat $r $target: $line"
      done
    done
  done
done

# --- time to first token, sequential, interleaved
ttft="$work/ttft.txt"
taskset -c "$rig_cpu" dotnet "$build/ttft/Ttft.dll" "$ttft_n" \
  direct "$(url_of direct stream)" "$(auth_of direct)" - \
  agenthub "$(url_of agenthub stream)" "$(auth_of agenthub)" - \
  portkey "$(url_of portkey stream)" "$(auth_of portkey)" "$(host_of portkey stream)" | tee "$ttft"

# --- allocations per request on Agent Hub: the runtime's allocation counter over a steady one-connection window
allocs="$work/allocs.txt"
: >"$allocs"
for shape in json stream; do
  "$counters" collect -p "$app_pid" --counters System.Runtime --format csv -o "$work/counters-$shape.csv" \
    --refresh-interval 1 --duration "00:00:$(printf %02d "$((alloc_seconds + 2))")" >/dev/null 2>&1 &
  counters_pid=$!
  sleep 1
  line="$(wrk_run agenthub "$shape" 1 "$alloc_seconds")"
  wait "$counters_pid" || true
  echo "$shape $line" >>"$allocs"
done

load="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$bench/results"
out="$bench/results/$(date -u +%Y-%m-%d-%H%M)-gateway.md"
python3 "$here/report.py" --samples "$samples" --ttft "$ttft" --allocs "$allocs" --counters "$work" \
  --repeats "$repeats" --duration "$duration" --paced-duration "$paced_duration" --warmup "$warmup" --first-warmup "$first_warmup" --load-end "$load" \
  --rig-cpu "$rig_cpu" --gateway-cpu "$gateway_cpu" --agenthub-rss "$(rss_kb "$app_pid")" --portkey-rss "$(rss_kb "$portkey_pid")" --stat-start "$stat_start" \
  | tee "$out"
echo "bench: written $out"
