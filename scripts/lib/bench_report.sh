# shellcheck shell=bash
# Writes what scripts/bench.sh measured into docs/BENCHMARKS.md: the part between the two markers
# below is replaced on every run; the rest of the file (notes a person wrote) is kept.

BENCH_BEGIN='<!-- measured by `make bench`: begin -->'
BENCH_END='<!-- measured by `make bench`: end -->'

# j FILE FILTER: one value from a run's JSON ("-" when the run is missing).
j() { if [[ -s "$1" ]]; then jq -r "$2" "$1"; else echo -; fi; }

# ms VALUE: milliseconds with one decimal.
ms() { if [[ "$1" == - ]]; then echo -; else printf '%.1f' "$1"; fi; }

# pct FILE LATENCY KEY: a percentile in ms, "-" when the run measured no such latency (nothing
# ended), so that an empty histogram never reads as 0 ms.
pct() {
  if [[ "$(j "$1" ".$2.count")" =~ ^[1-9][0-9]*$ ]]; then ms "$(j "$1" ".$2.$3")"; else echo -; fi
}

# rate FILE: sagas/s of a run, whole.
# KiB as whole MiB; "?" when the process could not be read.
mib() { if [[ "$1" =~ ^[0-9]+$ ]]; then echo $(($1 / 1024)); else echo "?"; fi; }
rate() { if [[ -s "$1" ]]; then printf '%.0f' "$(jq .sagasPerSecond "$1")"; else echo -; fi; }

# verdict CONDITION-EXIT-STATUS: "met" or "missed".
verdict() { if "$@"; then echo met; else echo "**missed**"; fi; }

ge() { jq -ne --argjson a "$1" --argjson b "$2" '$a >= $b' >/dev/null 2>&1; }
lt() { jq -ne --argjson a "$1" --argjson b "$2" '$a < $b' >/dev/null 2>&1; }

bench_hardware() {
  local cpu memory disk_device rotational filesystem
  cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  memory="$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  filesystem="$(df -hT "$STACK_DIR" | awk 'NR == 2 {print $2 ", " $3 " (" $1 ")"}')"
  disk_device="$(df "$STACK_DIR" | awk 'NR == 2 {print $1}' | sed 's|/dev/||; s|[0-9]*$||; s|p$||')"
  rotational="$(cat "/sys/block/$disk_device/queue/rotational" 2>/dev/null || echo '?')"
  printf -- '- CPU: %s, %s logical cores (`nproc`)\n' "${cpu:-unknown}" "$(nproc)"
  printf -- '- memory: %s\n' "$memory"
  printf -- '- disk holding the databases: %s, rotational=%s\n' "$filesystem" "$rotational"
  printf -- '- kernel %s; load average when the run ended: %s\n' "$(uname -r)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# latency_row LABEL FILE: POST and saga percentiles of one run.
latency_row() {
  local label=$1 file=$2
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$(rate "$file")" \
    "$(pct "$file" postLatencyMs p50)" "$(pct "$file" postLatencyMs p99)" \
    "$(pct "$file" sagaLatencyMs p50)" "$(pct "$file" sagaLatencyMs p95)" \
    "$(pct "$file" sagaLatencyMs p99)" "$(pct "$file" sagaLatencyMs p999)" \
    "$(pct "$file" sagaLatencyMs max)" "$(j "$file" '.errors | to_entries | map("\(.key) \(.value)") | join(", ") | if . == "" then "0" else . end')"
}

bench_section() {
  local dir=$1
  # shellcheck source=/dev/null
  source <(sed 's/^\([a-z_]*\)=\(.*\)$/local \1="\2"/' "$dir/figures")
  local d_max="$distributed_max_rate" e_max="$embedded_max_rate" tps="$pgbench_tps"
  local d_rate e_rate ratio
  d_rate="$(j "$dir/distributed-max.json" .sagasPerSecond)"
  e_rate="$(j "$dir/embedded-max.json" .sagasPerSecond)"
  ratio="$(jq -n --argjson s "${d_rate/-/0}" --argjson t "$tps" '$s / $t * 100 | floor')"
  echo "$BENCH_BEGIN"
  echo
  echo "Measured $(date -u +'%Y-%m-%d %H:%M UTC') at commit $(git -C "$SAGASHOP_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); the run took $elapsed."
  echo
  echo "### Hardware"
  echo
  bench_hardware
  echo
  echo "### Figures"
  echo
  echo "| what | figure |"
  echo "|---|---|"
  echo "| \`pgbench -N\`, 16 clients, ${PGBENCH_SECONDS} s (the ceiling) | $(printf '%.0f' "$tps") transactions/s |"
  echo "| distributed: highest open-loop rate with saga p99 < 1 s | $d_max orders/s, $(printf '%.0f' "${d_rate/-/0}") sagas/s completed |"
  echo "| distributed sagas/s ÷ pgbench transactions/s | ${ratio} % |"
  echo "| embedded: highest open-loop rate with saga p99 < 1 s | $e_max orders/s, $(printf '%.0f' "${e_rate/-/0}") sagas/s completed |"
  echo
  echo "Latency in ms; POST from each order's scheduled send time to its response, saga from that"
  echo "time to the Order service's final move (see \"How it is measured\")."
  echo
  echo "| run | sagas/s | POST p50 | POST p99 | saga p50 | saga p95 | saga p99 | saga p99.9 | saga max | errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  local mode
  for mode in distributed embedded; do
    local moderate_var="${mode}_moderate_rate"
    latency_row "$mode, ${LIGHT_RATE}/s (light load), all ok" "$dir/$mode-light.json"
    latency_row "$mode, at its highest sustained rate, all ok" "$dir/$mode-max.json"
    latency_row "$mode, ${!moderate_var}/s, mix 70/10/10/10" "$dir/$mode-mix.json"
    latency_row "$mode, $fixed_rate/s (half the pgbench ceiling), all ok" "$dir/$mode-fixed.json"
  done
  echo
  echo "Saga p50 / p99 (ms) by path in the mixed runs — what compensation costs:"
  echo
  echo "| mode | ok | declined | short (stock released: none) | undeliverable (refund + release) |"
  echo "|---|---|---|---|---|"
  for mode in distributed embedded; do
    local file="$dir/$mode-mix.json" row="| $mode |" path
    for path in ok declined short undeliverable; do
      row+=" $(pct "$file" "paths.$path.sagaLatencyMs" p50) / $(pct "$file" "paths.$path.sagaLatencyMs" p99) |"
    done
    echo "$row"
  done
  echo
  echo "Peak resident memory (VmHWM), MiB, of the fresh system at its highest sustained rate, and"
  echo "after the overload run at half the pgbench ceiling (a backlog of queued requests and events):"
  echo
  echo "| process | at the highest sustained rate | after the overload |"
  echo "|---|---|---|"
  local key value
  while IFS='=' read -r key value; do
    [[ "$key" == rss_sustained_* ]] || continue
    local process="${key#rss_sustained_}"
    printf '| %s | %s | %s |\n' "$process" "$(mib "$value")" \
      "$(mib "$(sed -n "s/^rss_overload_${process}=//p" "$dir/figures")")"
  done <"$dir/figures"
  echo
  echo "### Targets (issue 6)"
  echo
  local d_p50 d_p99 d_post e_ok rss_ok=1
  d_p50="$(pct "$dir/distributed-fixed.json" sagaLatencyMs p50)"
  d_p99="$(pct "$dir/distributed-fixed.json" sagaLatencyMs p99)"
  d_post="$(pct "$dir/distributed-fixed.json" postLatencyMs p99)"
  while IFS='=' read -r key value; do
    [[ "$key" == rss_sustained_* ]] || continue
    [[ "$value" =~ ^[0-9]+$ ]] && ((value < 100 * 1024)) || rss_ok=0
  done <"$dir/figures"
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| distributed sagas/s ≥ pgbench -N tps | $(printf '%.0f' "${d_rate/-/0}") vs $(printf '%.0f' "$tps") | $(verdict ge "${d_rate/-/0}" "$tps") |"
  echo "| saga p50 < 20 ms at half that rate (distributed) | $d_p50 ms | $(verdict lt "${d_p50/-/1e9}" 20) |"
  echo "| saga p99 < 100 ms at half that rate (distributed) | $d_p99 ms | $(verdict lt "${d_p99/-/1e9}" 100) |"
  echo "| POST /orders p99 < 10 ms (distributed, same run) | $d_post ms | $(verdict lt "${d_post/-/1e9}" 10) |"
  echo "| embedded throughput ≥ 2 × distributed | $(printf '%.0f' "${e_rate/-/0}") vs 2 × $(printf '%.0f' "${d_rate/-/0}") | $(verdict ge "${e_rate/-/0}" "$(jq -n --argjson d "${d_rate/-/0}" '2 * $d')") |"
  echo "| every process < 100 MiB resident at its highest sustained rate | see memory above | $(verdict test "$rss_ok" = 1) |"
  echo
  cost_section "$dir"
  echo
  overload_section "$dir"
  echo
  slow_world_section "$dir"
  echo
  echo "$BENCH_END"
}

# per_saga DIR MODE NAME [SCALE]: (after - before) of cost figure NAME, times SCALE, per saga ended
# in the run at the highest sustained rate; one decimal.
per_saga() {
  local dir=$1 mode=$2 name=$3 scale=${4:-1} before after ended
  before="$(sed -n "s/^cost_before_${mode}_${name}=//p" "$dir/figures")"
  after="$(sed -n "s/^cost_after_${mode}_${name}=//p" "$dir/figures")"
  ended=$(($(sed -n "s/^cost_after_${mode}_ended=//p" "$dir/figures") - \
    $(sed -n "s/^cost_before_${mode}_ended=//p" "$dir/figures")))
  if [[ -z "$before" || -z "$after" ]] || ((ended <= 0)); then
    echo -
    return
  fi
  jq -n --argjson b "$before" --argjson a "$after" --argjson s "$scale" --argjson n "$ended" \
    '(($a - $b) * $s / $n * 10 | round) / 10'
}

# cost_section DIR: statements, transactions and CPU per saga at each mode's highest sustained rate.
cost_section() {
  local dir=$1 mode service name total
  echo "### What a saga costs (issue 13)"
  echo
  echo "Over the run at each mode's highest sustained rate (warm-up and drain included), divided by"
  echo "the sagas that ended in it: the requests the services sent their databases (BEGIN, each"
  echo "statement, COMMIT, ROLLBACK: \`sagashop_db_statements_total\`), their transactions, and the"
  echo "CPU time of every process working for the system (\`/proc/<pid>/stat\`)."
  echo
  echo "| mode | statements per saga | transactions per saga | CPU ms per saga |"
  echo "|---|---|---|---|"
  local ms_per_tick
  ms_per_tick="$(jq -n --argjson t "$(sed -n 's/^clock_ticks=//p' "$dir/figures")" '1000 / $t')"
  for mode in distributed embedded; do
    local statements="" transactions="" cpu="" sum_s=0 sum_t=0 sum_c=0 value
    for service in order payment inventory delivery; do
      value="$(per_saga "$dir" "$mode" "statements_$service")"
      statements+="$service $value, "
      sum_s="$(jq -n --argjson a "$sum_s" --argjson b "${value/-/0}" '$a + $b')"
      value="$(per_saga "$dir" "$mode" "transactions_$service")"
      transactions+="$service $value, "
      sum_t="$(jq -n --argjson a "$sum_t" --argjson b "${value/-/0}" '$a + $b')"
    done
    while IFS='=' read -r name _; do
      [[ "$name" == "cost_after_${mode}_cpu_"* ]] || continue
      name="${name#cost_after_"${mode}"_cpu_}"
      value="$(per_saga "$dir" "$mode" "cpu_$name" "$ms_per_tick")"
      cpu+="$name $value, "
      sum_c="$(jq -n --argjson a "$sum_c" --argjson b "${value/-/0}" '$a + $b')"
    done <"$dir/figures"
    total="$(jq -n --argjson s "$sum_s" '($s * 10 | round) / 10')"
    echo "| $mode | **$total** (${statements%, }) | $(jq -n --argjson t "$sum_t" '($t * 10 | round) / 10') (${transactions%, }) | **$(jq -n --argjson c "$sum_c" '($c * 10 | round) / 10')** (${cpu%, }) |"
  done
}

# overload_section DIR: the runs at twice each mode's highest sustained rate.
overload_section() {
  local dir=$1 mode
  echo "### Overload: twice the highest sustained rate (issue 13)"
  echo
  echo "${OVERLOAD_SECONDS:-20} s at twice each mode's highest sustained rate over 512 connections, on a fresh system with"
  echo "admission control at its default bound (\`--max-sagas-in-flight\`, docs/operations.md):"
  echo "sagas ended during the overload window, orders refused with 503, and accepted orders left"
  echo "unfinished after a 30 s drain. The target: sagas ended during the overload ≥ 90 % of the"
  echo "highest sustained rate, and every accepted order finishes."
  echo
  echo "| mode | offered orders/s | accepted | refused (503) | sagas ended/s during the overload | ÷ sustained rate | accepted, unfinished | |"
  echo "|---|---|---|---|---|---|---|---|"
  for mode in distributed embedded; do
    local file="$dir/$mode-overload.json" rate_var="${mode}_overload_rate" max_var="${mode}_max_rate"
    local sustained="${!max_var:-0}" ended refused unfinished share
    ended="$(j "$file" .sagasPerSecond)"
    refused="$(j "$file" '.errors.http_503 // 0')"
    unfinished="$(j "$file" '.errors.saga_unfinished // 0')"
    share="$(jq -n --argjson e "${ended/-/0}" --argjson s "$sustained" \
      'if $s > 0 then ($e / $s * 100 | floor) else 0 end')"
    printf '| %s | %s | %s | %s | %.0f | %s %% | %s | %s |\n' "$mode" "${!rate_var:-0}" \
      "$(j "$file" .accepted)" "$refused" "${ended/-/0}" "$share" "$unfinished" \
      "$(verdict test "$share" -ge 90 -a "$unfinished" = 0)"
  done
}

# slow_world_section DIR: the runs with a realistic outside world and their targets (issue 12).
slow_world_section() {
  local dir=$1 mode
  echo "### A realistic outside world (issue 12)"
  echo
  echo "The simulated payment provider answers in 150 ms at the median with a log-normal tail to"
  echo "800 ms at p99, the carrier in 100 ms (\`--payment-latency-ms=150 --payment-latency-p99-ms=800"
  echo "--carrier-latency-ms=100\`). A run counts as sustained with saga p99 under 2 s here: 1 s of"
  echo "our own on top of the provider's and the carrier's p99 (900 ms together)."
  echo
  echo "| run | sagas/s | POST p50 | POST p99 | saga p50 | saga p95 | saga p99 | saga p99.9 | saga max | errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for mode in distributed embedded; do
    latency_row "$mode, slow world, at its highest sustained rate" "$dir/${mode}_slow-max.json"
    local half_var="${mode}_slow_half_rate"
    latency_row "$mode, slow world, ${!half_var}/s (half that rate)" "$dir/${mode}_slow-half.json"
  done
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  for mode in distributed embedded; do
    local slow_var="${mode}_slow_max_rate" fast_var="${mode}_max_rate" p50 p99
    p50="$(pct "$dir/${mode}_slow-half.json" sagaLatencyMs p50)"
    p99="$(pct "$dir/${mode}_slow-half.json" sagaLatencyMs p99)"
    echo "| $mode: highest sustained rate ≥ 90 % of the instant world's | ${!slow_var} vs ${!fast_var} orders/s | $(verdict ge "${!slow_var}" "$(jq -n --argjson f "${!fast_var}" '0.9 * $f')") |"
    echo "| $mode: saga p50 < 350 ms at half that rate | $p50 ms | $(verdict lt "${p50/-/1e9}" 350) |"
    echo "| $mode: saga p99 < 1.5 s at half that rate | $p99 ms | $(verdict lt "${p99/-/1e9}" 1500) |"
  done
}

# write_bench_report WORK_DIR OUT_FILE
write_bench_report() {
  local dir=$1 out=$2 section tmp
  section="$dir/section.md"
  bench_section "$dir" >"$section"
  tmp="$out.tmp.$$"
  if [[ -f "$out" ]] && grep -qF "$BENCH_BEGIN" "$out" && grep -qF "$BENCH_END" "$out"; then
    awk -v begin="$BENCH_BEGIN" -v end="$BENCH_END" -v section_file="$section" '
      $0 == begin { while ((getline line < section_file) > 0) print line; skipping = 1; next }
      $0 == end { skipping = 0; next }
      !skipping { print }' "$out" >"$tmp"
  else
    { printf '# Benchmarks\n\n'; cat "$section"; } >"$tmp"
  fi
  mv "$tmp" "$out"
}
