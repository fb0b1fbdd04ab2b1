#!/usr/bin/env bash
# Fuzzing wirec with cargo-fuzz (libFuzzer); docs/fuzzing.md explains the
# targets, the invariants they check, and how to reproduce and minimise a crash.
#
# Usage: scripts/fuzz.sh [COMMAND]
#   run (default)        the long run: FUZZ_SECONDS (default 3600) split evenly over
#                        the targets; after a crash, timeout or out-of-memory input
#                        the target's fuzzer starts again until its time is up (a
#                        corpus input that crashes is moved to fuzz/corpus-set-aside/)
#   ci                   the bounded run of .ci/run: FUZZ_SECONDS_PER_TARGET (default
#                        60) per target, a target stopping at its first crash; exits 1
#                        if a known reproducer still fails or a target crashed
#   seed                 only (re)writes the seed corpora in fuzz/corpus/TARGET/
#   repro TARGET FILE    runs one input once (prints the panic message and stack)
#   min TARGET FILE      minimises a crashing input (cargo fuzz tmin)
#   triage TARGET [DIR]  runs every input in DIR (default fuzz/artifacts/TARGET/) once
#                        and groups them by what went wrong, smallest example first
#
# Environment:
#   FUZZ_TARGETS="compile fmt lsp_frames"  the targets to run
#   FUZZ_SECONDS=3600                      the long run's total, split over the targets
#   FUZZ_SECONDS_PER_TARGET=N              overrides the split (run) or the 60 s (ci)
#   FUZZ_SANITIZER=none                    `address` builds with ASan (slower; wirec
#                                          forbids unsafe code, so it finds little more)
#   FUZZ_NICE=10                           the niceness the fuzzers run at
#   WIREC_FUZZ_SKIP=ids,...                invariants to switch off while a known bug
#                                          waits for its fix (docs/fuzzing.md)
#
# Before fuzzing, every reproducer in fuzz/artifacts-found/TARGET/ (the crashes
# found before) is run once: one that still fails is reported, and fails `ci`.
# The seeds are generated into fuzz/corpus/TARGET/, never committed in bulk:
# examples/, the every-edge fixtures (a chain a seed), every rule's example and
# fix, docs/language.md's wire blocks, and fuzz/seeds/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."

read -r -a targets <<<"${FUZZ_TARGETS:-compile fmt lsp_frames}"
sanitizer="${FUZZ_SANITIZER:-none}"
nice_level="${FUZZ_NICE:-10}"
fuzz=(cargo +nightly fuzz)

# libFuzzer options per target. A single input over 10 s is a timeout; inputs
# start small and grow (-len_control, which a custom mutator turns off); the
# frame reader may not allocate over 128 MB on a stream of at most 4 kB
# (fuzz_targets/lsp_frames.rs holds it to that itself).
options() {
  case "$1" in
    compile | fmt) echo "-dict=fuzz/wire.dict -max_len=4096 -len_control=100 -timeout=10 -rss_limit_mb=2048" ;;
    lsp_frames) echo "-dict=fuzz/lsp.dict -max_len=4096 -timeout=10 -rss_limit_mb=2048" ;;
    *) echo "unknown target $1 (known: compile fmt lsp_frames)" >&2; return 1 ;;
  esac
}

binary() {
  echo "fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release/$1"
}

# Writes one file per seed, named after where it comes from.
seed_wire() {
  local corpus="$1"
  local file name
  for file in examples/*.wire examples/rule-pack/*.wire; do
    [ -f "$file" ] && cp "$file" "$corpus/seed-$(echo "$file" | tr '/' '_')"
  done
  # The every-edge fixtures, one chain (one edge) a seed: whole, they are slow inputs.
  for file in tests/fixtures/emit/every-edge-*.wire; do
    awk -v out="$corpus/seed-$(basename "$file" .wire)-" '
      /^#/ { next }
      /^[^ ]/ { if (name) close(name); count++; name = out count }
      name { print > name }
    ' "$file"
  done
  # Each rule's `example: |` and `fix: |` block (two-space indented YAML).
  for file in stdlib/rules/*.yaml; do
    name="$(basename "$file" .yaml)"
    awk -v out="$corpus/seed-rule-$name" '
      function end() { if (field) close(out "-" field); field = "" }
      /^(example|fix): \|/ { end(); field = substr($1, 1, length($1) - 1); next }
      field && /^  / { print substr($0, 3) > (out "-" field); next }
      field && /^$/ { print "" > (out "-" field); next }
      { end() }
    ' "$file"
  done
  # The ```wire blocks of the language reference.
  awk -v out="$corpus/seed-language-md" '
    /^```wire$/ { inside = 1; count++; next }
    /^```/ { if (inside) close(out "-" count); inside = 0; next }
    inside { print > (out "-" count) }
  ' docs/language.md
}

# Framed LSP messages: a handshake, an opened document, a change, the end.
seed_lsp() {
  local corpus="$1"
  local body all=""
  # ${#1} counts bytes under LC_ALL=C; the bodies are ASCII anyway.
  frame() { local LC_ALL=C; printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
  local messages=(
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
    '{"jsonrpc":"2.0","method":"initialized","params":{}}'
    '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/main.wire","languageId":"wire","version":1,"text":"sqs jobs -> lambda worker\n"}}}'
    '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/main.wire","version":2},"contentChanges":[{"text":"sns a -> sqs b\n"}]}}'
    '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/main.wire"},"position":{"line":0,"character":1}}}'
    '{"jsonrpc":"2.0","id":3,"result":null}'
    '{"jsonrpc":"2.0","id":4,"method":"shutdown"}'
    '{"jsonrpc":"2.0","method":"exit"}'
  )
  local index=0
  for body in "${messages[@]}"; do
    index=$((index + 1))
    frame "$body" >"$corpus/seed-message-$index"
    all+="$(frame "$body")"
  done
  printf '%s' "$all" >"$corpus/seed-session"
  printf 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n%s' "$(frame '{"jsonrpc":"2.0","method":"exit"}')" >"$corpus/seed-content-type"
}

seed() {
  local target corpus
  for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    mkdir -p "$corpus"
    case "$target" in
      compile | fmt) seed_wire "$corpus" ;;
      lsp_frames) seed_lsp "$corpus" ;;
      *) options "$target" >/dev/null ;;
    esac
    if [ -d "fuzz/seeds/$target" ]; then
      find "fuzz/seeds/$target" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
    fi
    echo "seeded fuzz/corpus/$target: $(find "$corpus" -type f | wc -l) inputs"
  done
}

build() {
  echo "== building the fuzz targets (nightly, sanitizer: $sanitizer)"
  local target
  for target in "${targets[@]}"; do
    nice -n "$nice_level" "${fuzz[@]}" build --sanitizer "$sanitizer" "$target"
  done
}

# What went wrong with one input, in a few words: the panic's place and the
# lowercase words of its message outside quotes (names and numbers differ
# between inputs of one bug), or the kind of abort; "ok" if nothing did.
signature() {
  local target="$1" file="$2"
  local args
  read -r -a args <<<"$(options "$target")"
  "$(binary "$target")" "${args[@]}" "$file" 2>&1 | awk '
    /panicked at/ {
      place = $NF; getline message; words = ""; count = 0
      gsub(/"([^"\\]|\\.)*"|`[^`]*`|\$\{[^}]*\}/, "", message)
      n = split(message, parts, /[^A-Za-z]+/)
      for (i = 1; i <= n && count < 8; i++) if (parts[i] ~ /^[a-z]+$/) { words = words " " parts[i]; count++ }
      print place words; found = 1; exit
    }
    /overflowed its stack/ { print "stack overflow"; found = 1; exit }
    /memory allocation of/ { print "allocation failed (a size taken on trust)"; found = 1; exit }
    /over the budget/ { print "allocation over the budget (a size taken on trust)"; found = 1; exit }
    /ERROR: libFuzzer: timeout/ { print "timeout (over 10 s)"; found = 1; exit }
    /ERROR: libFuzzer: out-of-memory/ { print "out of memory"; found = 1; exit }
    /ERROR: libFuzzer/ { print "crash: " $0; found = 1; exit }
    END { if (!found) print "ok" }
  '
}

triage() {
  local target="$1" folder="${2:-}"
  folder="${folder:-fuzz/artifacts/$target}"
  local file
  for file in "$folder"/*; do
    [ -f "$file" ] || continue
    printf '%s\t%s\t%s\n' "$(wc -c <"$file")" "$file" "$(signature "$target" "$file")"
  done | sort -n | awk -F'\t' '
    { count[$3]++; if (!($3 in example)) { example[$3] = $2; order[++kinds] = $3 } }
    END { for (i = 1; i <= kinds; i++) printf "%4d x %s\n       smallest: %s\n", count[order[i]], order[i], example[order[i]] }
  '
}

# Runs every known reproducer of a target once; prints those that still fail
# and returns 1 if any does.
replay() {
  local target="$1" folder="fuzz/artifacts-found/$1"
  local file what total=0 failing=0
  for file in "$folder"/*; do
    [ -f "$file" ] || continue
    total=$((total + 1))
    what="$(signature "$target" "$file")"
    if [ "$what" != ok ]; then
      failing=$((failing + 1))
      echo "    still fails: $file: $what"
    fi
  done
  echo "$target: $failing of $total known reproducers ($folder/) still fail"
  [ "$failing" -eq 0 ]
}

# Fuzzes one target for $2 seconds; with $3 = "again", a new fuzzer starts on
# the grown corpus after each crash until the time is up, with "stop" the first
# crash ends it. Prints one line of totals; returns 1 if anything was found.
fuzz_one() {
  local target="$1" seconds="$2" mode="$3"
  local artifacts="fuzz/artifacts/$target" log="fuzz/logs/$target.log"
  local stamp="fuzz/logs/$target.start"
  mkdir -p fuzz/logs "$artifacts"
  : >"$log"
  touch "$stamp"
  local args
  read -r -a args <<<"$(options "$target")"
  args+=("-print_final_stats=1" "-artifact_prefix=$artifacts/")
  echo "== fuzzing $target for ${seconds}s (log: $log)"
  local deadline=$((SECONDS + seconds)) left newest digest sum file
  local aside="fuzz/corpus-set-aside/$target"
  while left=$((deadline - SECONDS)) && [ "$left" -gt 0 ]; do
    if nice -n "$nice_level" "$(binary "$target")" "${args[@]}" "-max_total_time=$left" \
      "fuzz/corpus/$target" >>"$log" 2>&1; then
      break
    fi
    [ "$mode" = again ] || break
    # libFuzzer names what it saves by the input's SHA-1. If that input is in
    # the corpus (a seed that crashes), set it aside, or every new start
    # would stop on it again while loading the corpus.
    newest="$(find "$artifacts" -maxdepth 1 -type f -newer "$stamp" -printf '%T@ %f\n' | sort -n | tail -1)"
    [ -n "$newest" ] || break
    digest="${newest##*-}"
    mkdir -p "$aside"
    find "fuzz/corpus/$target" -maxdepth 1 -type f -exec sha1sum {} + | while read -r sum file; do
      if [ "$sum" = "$digest" ]; then
        mv "$file" "$aside/"
      fi
    done
  done
  local executed crashes timeouts ooms
  executed="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{ sum += $2 } END { print sum + 0 }')"
  crashes="$(find "$artifacts" -maxdepth 1 -type f -name 'crash-*' -newer "$stamp" | wc -l)"
  timeouts="$(find "$artifacts" -maxdepth 1 -type f -name 'timeout-*' -newer "$stamp" | wc -l)"
  ooms="$(find "$artifacts" -maxdepth 1 -type f -name 'oom-*' -newer "$stamp" | wc -l)"
  printf '%-11s %10s inputs  %3d crashes  %3d timeouts  %3d out-of-memory  (%s)\n' \
    "$target" "$executed" "$crashes" "$timeouts" "$ooms" "$artifacts/" | tee -a fuzz/logs/totals
  if [ "$((crashes + timeouts + ooms))" -ne 0 ]; then
    grep -m1 -E 'panicked at|has overflowed its stack|memory allocation of|over the budget|ERROR: libFuzzer' -A1 "$log" | sed 's/^/    /' || true
    return 1
  fi
}

run_all() {
  local mode="$1" per_target="$2"
  seed
  build
  mkdir -p fuzz/logs
  : >fuzz/logs/totals
  local target failed=0
  echo "== replaying the known reproducers (fuzz/artifacts-found/)"
  for target in "${targets[@]}"; do
    replay "$target" || failed=1
  done
  for target in "${targets[@]}"; do
    fuzz_one "$target" "$per_target" "$mode" || failed=1
  done
  echo "== totals (inputs executed, crashes, timeouts, out-of-memory; their inputs are in the folder named)"
  cat fuzz/logs/totals
  if [ "$failed" -ne 0 ]; then
    echo "group them: scripts/fuzz.sh triage TARGET; reproduce one: scripts/fuzz.sh repro TARGET FILE;"
    echo "minimise it: scripts/fuzz.sh min TARGET FILE (docs/fuzzing.md)"
  fi
  return "$failed"
}

command="${1:-run}"
case "$command" in
  run)
    total="${FUZZ_SECONDS:-3600}"
    run_all again "${FUZZ_SECONDS_PER_TARGET:-$((total / ${#targets[@]}))}"
    ;;
  ci)
    run_all stop "${FUZZ_SECONDS_PER_TARGET:-60}"
    ;;
  seed)
    seed
    ;;
  repro | min)
    [ $# -eq 3 ] || { echo "usage: scripts/fuzz.sh $command TARGET FILE" >&2; exit 2; }
    read -r -a args <<<"$(options "$2")"
    if [ "$command" = repro ]; then
      RUST_BACKTRACE=1 "${fuzz[@]}" run --sanitizer "$sanitizer" "$2" "$3" -- "${args[@]}"
    else
      "${fuzz[@]}" tmin --sanitizer "$sanitizer" "$2" "$3" -- "${args[@]}"
    fi
    ;;
  triage)
    [ $# -ge 2 ] || { echo "usage: scripts/fuzz.sh triage TARGET [DIR]" >&2; exit 2; }
    targets=("$2")
    [ -x "$(binary "$2")" ] || build
    triage "$2" "${3:-}"
    ;;
  *)
    sed -n '2,34p' "$0" >&2
    exit 2
    ;;
esac
