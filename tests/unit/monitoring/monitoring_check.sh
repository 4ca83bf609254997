#!/usr/bin/env bash
# Checks the monitoring files under deploy/ against each other and against the metric contract:
#
#   monitoring_check.sh SOURCE_DIR rules|rule-tests|dashboard|metric-names|runbooks
#
#   rules         promtool check rules deploy/prometheus/alerts.yml
#   rule-tests    promtool test rules deploy/prometheus/alerts_test.yml, and every alert has a test
#                 in which it fires and one in which it stays silent
#   dashboard     the Grafana dashboard is JSON, takes its data source from the variable, its
#                 panels do not overlap, and every query is PromQL promtool accepts
#   metric-names  every sagashop_* name in the alerts, their tests, the dashboard and
#                 docs/operations.md is in deploy/prometheus/metric_names.txt; every metric there is
#                 on the dashboard and in docs/operations.md; every label a query, a legend or a
#                 test series uses belongs to one of the metrics involved
#   runbooks      every alert has a severity, a summary, a description and a runbook naming a
#                 section of docs/operations.md that exists
#
# A missing promtool or jq is a failure, never a skip: scripts/install-deps.sh installs both.
set -euo pipefail

SOURCE_DIR=$1
CHECK=$2
ALERTS="$SOURCE_DIR/deploy/prometheus/alerts.yml"
ALERT_TESTS="$SOURCE_DIR/deploy/prometheus/alerts_test.yml"
CONTRACT="$SOURCE_DIR/deploy/prometheus/metric_names.txt"
DASHBOARD="$SOURCE_DIR/deploy/grafana/sagashop-dashboard.json"
OPERATIONS="$SOURCE_DIR/docs/operations.md"

ERRORS=0
error() {
  printf 'FAIL: %s\n' "$*" >&2
  ERRORS=$((ERRORS + 1))
}

need() {
  command -v "$1" >/dev/null || {
    printf 'FAIL: %s is not installed (scripts/install-deps.sh installs it)\n' "$1" >&2
    exit 1
  }
}

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# --- the contract ----------------------------------------------------------------------------

declare -A METRIC_TYPE METRIC_LABELS
load_contract() {
  local name type labels
  while read -r name type labels; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    METRIC_TYPE[$name]=$type
    METRIC_LABELS[$name]=$labels
  done <"$CONTRACT"
  ((${#METRIC_TYPE[@]} > 0)) || error "$CONTRACT lists no metric"
}

# The contract metric a series name belongs to (a histogram's _bucket, _sum, _count included), or
# nothing.
metric_of() {
  local series=$1 base
  if [[ -n "${METRIC_TYPE[$series]:-}" ]]; then
    printf '%s\n' "$series"
    return
  fi
  for suffix in _bucket _sum _count; do
    base=${series%"$suffix"}
    if [[ "$base" != "$series" && "${METRIC_TYPE[$base]:-}" == histogram ]]; then
      printf '%s\n' "$base"
      return
    fi
  done
}

# Labels a query over these series may name: their contract labels, `le` for buckets, and the
# labels a scrape adds.
allowed_labels() {
  local series metric
  printf '%s\n' instance job
  for series in "$@"; do
    metric="$(metric_of "$series")"
    [[ -n "$metric" ]] || continue
    tr ',' '\n' <<<"${METRIC_LABELS[$metric]}"
    if [[ "$series" == *_bucket ]]; then printf 'le\n'; fi
  done
}

# Label names a PromQL expression uses: in selectors and in by/without/on/ignoring/group_* lists.
labels_in_expr() {
  local expr
  expr="$(sed 's/"[^"]*"//g' <<<"$1")"  # values could look like anything
  grep -oE '\{[^{}]*\}' <<<"$expr" | grep -oE '[a-zA-Z_][a-zA-Z0-9_]*[[:space:]]*(=~|!~|!=|=)' |
    grep -oE '^[a-zA-Z_][a-zA-Z0-9_]*' || true
  grep -oE '(by|without|on|ignoring|group_left|group_right)[[:space:]]*\([^()]*\)' <<<"$expr" |
    sed -E 's/^[a-z_]+[[:space:]]*\(//; s/\)$//' | tr ',' '\n' | sed 's/[[:space:]]//g' |
    grep -v '^$' || true
}

# check_labels WHERE TEXT LABEL...: every label is allowed for the sagashop series TEXT names.
check_labels() {
  local where=$1 text=$2
  shift 2
  local -a series
  mapfile -t series < <(grep -oE 'sagashop_[a-z0-9_]+' <<<"$text" | sort -u)
  local allowed label
  allowed="$(allowed_labels "${series[@]}" | sort -u)"
  for label in "$@"; do
    grep -qxF "$label" <<<"$allowed" ||
      error "$where: label '$label' belongs to none of ${series[*]:-no sagashop metric}"
  done
}

# --- alerts.yml --------------------------------------------------------------------------------

alert_names() {
  sed -nE 's/^[[:space:]]*- alert:[[:space:]]*([A-Za-z0-9_]+)[[:space:]]*$/\1/p' "$ALERTS"
}

# Prints each alert's expression on one line, as "NAME<TAB>EXPR".
alert_exprs() {
  awk '
    function flush() { if (name != "" && expr != "") printf "%s\t%s\n", name, expr; expr = "" }
    /^[[:space:]]*- alert:/ { flush(); name = $3; in_expr = 0; next }
    in_expr {
      match($0, /^[[:space:]]*/)
      if ($0 ~ /^[[:space:]]*$/ || RLENGTH > expr_indent) { expr = expr " " $0; next }
      in_expr = 0
    }
    /^[[:space:]]*expr:/ {
      match($0, /^[[:space:]]*/); expr_indent = RLENGTH
      rest = $0; sub(/^[[:space:]]*expr:[[:space:]]*/, "", rest)
      if (rest ~ /^[|>]/) in_expr = 1; else expr = rest
    }
    END { flush() }' "$ALERTS"
}

# Prints each alert's block of alerts.yml, blocks separated by a NUL.
alert_blocks() {
  awk '
    /^[[:space:]]*- alert:/ { if (block != "") printf "%s%c", block, 0; block = $0 "\n"; next }
    /^[[:space:]]*- name:/ { if (block != "") printf "%s%c", block, 0; block = ""; next }
    block != "" { block = block $0 "\n" }
    END { if (block != "") printf "%s%c", block, 0 }' "$ALERTS"
}

# --- checks ------------------------------------------------------------------------------------

check_rules() {
  need promtool
  promtool check rules "$ALERTS" || error "promtool check rules failed"
}

check_rule_tests() {
  need promtool
  (cd "$(dirname "$ALERT_TESTS")" && promtool test rules "$(basename "$ALERT_TESTS")") ||
    error "promtool test rules failed"
  # For every `alertname:`, the `exp_alerts:` that follows is either empty or lists alerts.
  local outcomes
  outcomes="$(awk '
    /^[[:space:]]*alertname:/ { name = $2; next }
    /^[[:space:]]*exp_alerts:[[:space:]]*\[\][[:space:]]*$/ { if (name != "") print name, "silent"; name = ""; next }
    /^[[:space:]]*exp_alerts:[[:space:]]*$/ { if (name != "") print name, "fires"; name = ""; next }
  ' "$ALERT_TESTS" | sort -u)"
  local alert
  for alert in $(alert_names); do
    grep -qxF "$alert fires" <<<"$outcomes" || error "no test in which $alert fires"
    grep -qxF "$alert silent" <<<"$outcomes" || error "no test in which $alert stays silent"
  done
}

check_dashboard() {
  need jq
  need promtool
  jq -e . "$DASHBOARD" >/dev/null || {
    error "$DASHBOARD is not JSON"
    return
  }
  jq -e '[.templating.list[] | select(.type == "datasource" and .name == "datasource"
            and .query == "prometheus")] | length == 1' "$DASHBOARD" >/dev/null ||
    error "no Prometheus data source variable named datasource"
  local bad
  bad="$(jq -r '.. | objects | select(has("datasource")) | .datasource
                | select(type != "object" or (.uid != "${datasource}" and .type != "grafana"))
                | tostring' "$DASHBOARD")"
  [[ -z "$bad" ]] || error "data sources other than \${datasource}: $bad"
  bad="$(jq -r '[.panels[].id] | group_by(.) | map(select(length > 1) | .[0]) | .[]' "$DASHBOARD")"
  [[ -z "$bad" ]] || error "panel ids used twice: $bad"
  bad="$(jq -r '.panels[] | select(.type != "row") | select((.targets // []) | length == 0
                  or any(.[]; (.expr // "") == "" or (.refId // "") == "")) | .title' "$DASHBOARD")"
  [[ -z "$bad" ]] || error "panels without a query, or a query without expr or refId: $bad"
  bad="$(jq -r '[.panels[] | {t: .title, x: .gridPos.x, y: .gridPos.y, w: .gridPos.w, h: .gridPos.h}]
                | . as $p | range(0; length) as $i | range($i + 1; length) as $j
                | select($p[$i].x < $p[$j].x + $p[$j].w and $p[$j].x < $p[$i].x + $p[$i].w
                         and $p[$i].y < $p[$j].y + $p[$j].h and $p[$j].y < $p[$i].y + $p[$i].h)
                | "\($p[$i].t) / \($p[$j].t)"' "$DASHBOARD")"
  [[ -z "$bad" ]] || error "panels overlap: $bad"
  bad="$(jq -r '.panels[] | select(.gridPos.x + .gridPos.w > 24) | .title' "$DASHBOARD")"
  [[ -z "$bad" ]] || error "panels wider than the 24-column grid: $bad"
  # Every query, with Grafana's variables given values, as a recording rule promtool parses.
  {
    printf 'groups:\n  - name: dashboard\n    rules:\n'
    jq -r '[.panels[] | (.targets // [])[] | .expr] | to_entries[]
           | (.value | gsub("\\$__rate_interval"; "5m") | gsub("\\$__range"; "1h")
                     | gsub("\\$service"; "order")) as $expr
           | "      - record: dashboard_query_\(.key)\n        expr: \($expr | @json)"' "$DASHBOARD"
  } >"$WORK/dashboard_rules.yml"
  promtool check rules --lint-fatal "$WORK/dashboard_rules.yml" >/dev/null ||
    error "a dashboard query is not valid PromQL (promtool check rules on them fails)"
}

check_metric_names() {
  need jq
  load_contract
  local file name label series
  local -a labels
  for file in "$ALERTS" "$ALERT_TESTS" "$DASHBOARD" "$OPERATIONS"; do
    [[ -f "$file" ]] || {
      error "$file is missing"
      continue
    }
    for name in $(grep -oE 'sagashop_[a-z0-9_]+' "$file" | sort -u); do
      [[ -n "$(metric_of "$name")" ]] ||
        error "$(basename "$file"): $name is not in the metric contract ($(basename "$CONTRACT"))"
    done
  done
  local used_on_dashboard documented
  used_on_dashboard="$(jq -r '.. | .expr? // empty' "$DASHBOARD" | grep -oE 'sagashop_[a-z0-9_]+' |
    while read -r name; do metric_of "$name"; done | sort -u)"
  documented="$(grep -oE 'sagashop_[a-z0-9_]+' "$OPERATIONS" 2>/dev/null | sort -u || true)"
  for name in "${!METRIC_TYPE[@]}"; do
    grep -qxF "$name" <<<"$used_on_dashboard" || error "the dashboard shows no $name"
    grep -qxF "$name" <<<"$documented" || error "docs/operations.md does not explain $name"
  done

  # Labels of every dashboard query and its legend.
  local title expr legend
  while IFS=$'\t' read -r title expr legend; do
    mapfile -t labels < <(labels_in_expr "$expr"; grep -oE '\{\{ *[a-zA-Z_]+ *\}\}' <<<"$legend" |
      tr -d '{} ' || true)
    check_labels "dashboard panel '$title'" "$expr" "${labels[@]}"
  done < <(jq -r '.panels[] | .title as $t | (.targets // [])[] | [$t, .expr, .legendFormat // ""] | @tsv' \
    "$DASHBOARD")
  # The dashboard's variable reads a label of a contract metric.
  while read -r expr; do
    check_labels "dashboard variable" "$expr" "$(sed -nE 's/.*,[[:space:]]*([a-zA-Z_]+)\)$/\1/p' <<<"$expr")"
  done < <(jq -r '.templating.list[] | select(.type == "query") | .query' "$DASHBOARD")
  # Labels of every alert expression.
  local alert
  while IFS=$'\t' read -r alert expr; do
    mapfile -t labels < <(labels_in_expr "$expr")
    check_labels "alert $alert" "$expr" "${labels[@]}"
  done < <(alert_exprs)
  # Labels of every series the alert tests feed in, so the tests speak of real series.
  while read -r series; do
    mapfile -t labels < <(grep -oE '[a-zA-Z_][a-zA-Z0-9_]*=' <<<"$(sed 's/"[^"]*"//g' <<<"$series")" |
      tr -d '=')
    check_labels "test series $series" "$series" "${labels[@]}"
    for label in $(tr ',' '\n' <<<"${METRIC_LABELS[$(metric_of "${series%%\{*}")]:-}"); do
      grep -qE "[{,]$label=" <<<"$series" || error "test series $series has no label '$label'"
    done
  done < <(sed -nE "s/^[[:space:]]*- series:[[:space:]]*'([^']*)'.*/\1/p" "$ALERT_TESTS")
}

# GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens.
heading_anchors() {
  sed -nE 's/^#+[[:space:]]+(.*)$/\1/p' "$OPERATIONS" | tr '[:upper:]' '[:lower:]' |
    sed -E 's/[^a-z0-9 _-]//g; s/ /-/g'
}

check_runbooks() {
  [[ -f "$OPERATIONS" ]] || {
    error "docs/operations.md is missing"
    return
  }
  local anchors block name anchor field count=0
  anchors="$(heading_anchors)"
  while IFS= read -r -d '' block; do
    count=$((count + 1))
    name="$(sed -nE 's/^[[:space:]]*- alert:[[:space:]]*([A-Za-z0-9_]+).*/\1/p' <<<"$block")"
    grep -qE '^[[:space:]]+severity:[[:space:]]*(critical|warning)[[:space:]]*$' <<<"$block" ||
      error "$name has no severity label (critical or warning)"
    for field in summary description runbook; do
      grep -qE "^[[:space:]]+$field:" <<<"$block" || error "$name has no $field annotation"
    done
    anchor="$(awk '/^[[:space:]]+runbook:/ { on = 1 } on' <<<"$block" |
      grep -oE 'docs/operations\.md#[a-z0-9_-]+' | head -n1 | cut -d'#' -f2 || true)"
    if [[ -z "$anchor" ]]; then
      error "$name's runbook names no section of docs/operations.md"
    elif ! grep -qxF "$anchor" <<<"$anchors"; then
      error "$name's runbook names docs/operations.md#$anchor, which has no such heading"
    fi
    grep -qxF "$(tr '[:upper:]' '[:lower:]' <<<"$name")" <<<"$anchors" ||
      error "docs/operations.md has no section headed $name"
  done < <(alert_blocks)
  ((count > 0)) || error "alerts.yml has no alert"
}

case "$CHECK" in
rules) check_rules ;;
rule-tests) check_rule_tests ;;
dashboard) check_dashboard ;;
metric-names) check_metric_names ;;
runbooks) check_runbooks ;;
*)
  printf 'usage: %s SOURCE_DIR rules|rule-tests|dashboard|metric-names|runbooks\n' "$0" >&2
  exit 2
  ;;
esac

if ((ERRORS)); then
  printf '%s: %d problem(s)\n' "$CHECK" "$ERRORS" >&2
  exit 1
fi
printf '%s: OK\n' "$CHECK"
