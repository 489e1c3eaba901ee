#!/usr/bin/env bash
# corpus.sh DIR...: runs `bulkhead check` and `bulkhead instance` on every AADL
# model found under each DIR and prints, per DIR, how many models there are,
# how many are accepted (both commands exit 0), and the most frequent
# rejection messages with their counts.
#
# How models are found: a model is a directory holding a .aadl file that
# declares a system implementation. Its files are that directory's .aadl
# files plus, transitively, the files declaring the packages and property
# sets they name in `with` clauses (and EMV2 `use types`/`use behavior`).
# Those names are looked up where OSATE would look: in the OSATE project
# (the nearest enclosing directory with a .project file) and the projects it
# references by name in its .project; a directory outside any project looks
# among the files under DIR that are outside any project. When a name is
# declared by several files in scope, the one nearest the model's directory
# wins. A name found nowhere is left to bulkhead (its predeclared sets, or an
# "unresolved" rejection).
#
# Options (environment): BULKHEAD (the binary; default build/bulkhead),
# JOBS (parallel models; default nproc), TIMEOUT (seconds per command;
# default 30), TOP (messages shown per DIR; default 12), LIST=1 (also print
# every rejected model with its message).
# A model with several top-level system implementations (`instance` lists
# them) is instantiated once per candidate with --root, as an OSATE user
# chooses one; it is accepted when every candidate instantiates.
# A message's quoted instance names and paths (those with a dot)
# are replaced by '…' so that rejections of the same kind count together,
# while property, set and package names stay; a crash or a timeout is a
# rejection of its own.
set -uo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
bulkhead="${BULKHEAD:-$here/build/bulkhead}"
jobs="${JOBS:-$(nproc)}"
timeout_s="${TIMEOUT:-30}"
top="${TOP:-12}"

if (($# == 0)); then
  echo "usage: $0 DIR..." >&2
  exit 2
fi
if [ ! -x "$bulkhead" ]; then
  echo "corpus.sh: no bulkhead binary at $bulkhead (build it, or set BULKHEAD)" >&2
  exit 2
fi

# One line per file: "F <tab> path <tab> declared names <tab> with names <tab> 1 if it
# declares a system implementation", and per OSATE project "P <tab> dir <tab> name
# <tab> referenced projects" (names lower-case, comma-separated).
index_files() {
  awk '
    function flush(   n, i, s, decl, withs, sys, k, names) {
      if (file == "") return
      if (file ~ /\/\.project$/) {
        d = file; sub(/\/\.project$/, "", d)
        printf "P\t%s\t%s\t%s\n", d, pname, prefs
      } else {
        decl = ""; withs = ""; sys = 0
        n = split(text, s, ";")
        for (i = 1; i <= n; ++i) {
          st = s[i]
          if (match(st, /(^|[^a-z0-9_])(package|property[ \t]+set)[ \t]+[a-z0-9_:]+/)) {
            k = substr(st, RSTART, RLENGTH); sub(/^[^a-z]*/, "", k)
            sub(/^(package|property[ \t]+set)[ \t]+/, "", k)
            decl = decl (decl == "" ? "" : ",") k
          }
          if (match(st, /(^|[^a-z0-9_])(with|use[ \t]+types|use[ \t]+behavior)[ \t]+[a-z0-9_:, \t]+$/)) {
            k = substr(st, RSTART, RLENGTH)
            sub(/^[^a-z]*(with|use[ \t]+types|use[ \t]+behavior)[ \t]+/, "", k)
            gsub(/[ \t]/, "", k)
            withs = withs (withs == "" ? "" : ",") k
          }
          if (st ~ /(^|[^a-z0-9_])system[ \t]+implementation[ \t]/) sys = 1
        }
        printf "F\t%s\t%s\t%s\t%d\n", file, decl, withs, sys
      }
      file = ""
    }
    FNR == 1 { flush(); file = FILENAME; text = ""; pname = ""; prefs = ""; inrefs = 0 }
    file ~ /\/\.project$/ {
      line = $0
      if (line ~ /<projects>/) inrefs = 1
      if (line ~ /<\/projects>/) inrefs = 0
      if (pname == "" && match(line, /<name>[^<]*<\/name>/)) pname = tolower(substr(line, RSTART + 6, RLENGTH - 13))
      if (inrefs && match(line, /<project>[^<]*<\/project>/))
        prefs = prefs (prefs == "" ? "" : ",") tolower(substr(line, RSTART + 9, RLENGTH - 19))
      next
    }
    { line = tolower($0); sub(/--.*/, "", line); text = text " " line }
    END { flush() }
  ' "$@"
}

# From the index: one line per model, "model dir <tab> file <tab> file ...".
find_models() {
  awk -F'\t' '
    function dirOf(p) { sub(/\/[^\/]*$/, "", p); return p }
    function projectOf(p,   d) {
      d = dirOf(p)
      while (d != "" && !(d in projName)) { if (d !~ /\//) return ""; d = dirOf(d) }
      return d
    }
    function common(a, b,   n) { n = 0; while (n < length(a) && substr(a, n + 1, 1) == substr(b, n + 1, 1)) ++n; return n }
    # Marks in inScope[] the projects visible from project p (itself and its references).
    function scopeOf(p,   n, r, i, q) {
      if (p in inScope) return
      inScope[p] = 1
      n = split(projRefs[p], r, ",")
      for (i = 1; i <= n; ++i) if (r[i] in projByName) scopeOf(projByName[r[i]])
    }
    $1 == "P" { projName[$2] = $3; projRefs[$2] = $4; if (!($3 in projByName)) projByName[$3] = $2; next }
    $1 == "F" { ++nf; path[nf] = $2; decl[nf] = $3; withs[nf] = $4; sys[nf] = $5 }
    END {
      for (i = 1; i <= nf; ++i) {
        proj[i] = projectOf(path[i])
        dir[i] = dirOf(path[i])
        if (sys[i]) isModel[dir[i]] = 1
      }
      for (m in isModel) {
        delete inScope; delete chosen; delete seen
        p = ""
        for (i = 1; i <= nf; ++i) if (dir[i] == m) { p = proj[i]; break }
        if (p != "") scopeOf(p)
        nq = 0
        for (i = 1; i <= nf; ++i) if (dir[i] == m) { chosen[i] = 1; queue[++nq] = i }
        for (qi = 1; qi <= nq; ++qi) {
          nw = split(withs[queue[qi]], w, ",")
          for (k = 1; k <= nw; ++k) {
            name = w[k]
            if (name == "" || (name in seen)) continue
            seen[name] = 1
            best = 0; bestLen = -1
            for (i = 1; i <= nf; ++i) {
              if (p != "" ? !(proj[i] in inScope) : proj[i] != "") continue
              nd = split(decl[i], d, ",")
              for (j = 1; j <= nd; ++j)
                if (d[j] == name) { c = common(path[i], m "/"); if (c > bestLen) { best = i; bestLen = c } }
            }
            if (best && !(best in chosen)) { chosen[best] = 1; queue[++nq] = best }
          }
        }
        line = m
        for (i = 1; i <= nf; ++i) if (i in chosen) line = line "\t" path[i]
        print line
      }
    }
  '
}

# Checks one model (one line of find_models); prints "dir <tab> ok" or
# "dir <tab> rejected <tab> [command] first error message".
check_model() {
  local line="$1" dir files out status stage msg root roots
  IFS=$'\t' read -r -a files <<<"$line"
  dir="${files[0]}"
  files=("${files[@]:1}")
  # `check --no-plan`: the AADL as OSATE accepts it, not what running it needs.
  for stage in "check --no-plan" instance; do
    # shellcheck disable=SC2086 # the stage is a verb and its flags
    out="$(timeout "$timeout_s" "$bulkhead" $stage "${files[@]}" 2>&1 >/dev/null)"
    status=$?
    ((status == 0)) && continue
    # Several top-level system implementations: an OSATE user instantiates the
    # one they choose, so each candidate must instantiate (the first failure counts).
    roots="$(printf '%s\n' "$out" | sed -nE 's/^.*: error: more than one system implementation \((.*)\): choose the root with --root$/\1/p' | head -n1)"
    if [ "$stage" = instance ] && [ -n "$roots" ]; then
      status=0
      while IFS= read -r root; do
        out="$(timeout "$timeout_s" "$bulkhead" instance --root "$root" "${files[@]}" 2>&1 >/dev/null)"
        status=$?
        ((status == 0)) || break
      done < <(printf '%s\n' "$roots" | sed 's/, /\n/g')
      ((status == 0)) && continue
    fi
    if ((status == 124)); then
      msg="timed out after ${timeout_s} s"
    elif ((status > 128)); then
      msg="crashed (signal $((status - 128)))"
    else
      msg="$(printf '%s\n' "$out" | grep -m1 -E ': error: ' | sed -E 's/^.*: error: //')"
      [ -n "$msg" ] || msg="exit $status without an error message"
    fi
    printf '%s\trejected\t[%s] %s\n' "$dir" "$stage" "$msg"
    return
  done
  printf '%s\tok\n' "$dir"
}
export -f check_model
export bulkhead timeout_s

for root in "$@"; do
  if [ ! -d "$root" ]; then
    echo "corpus.sh: $root is not a directory" >&2
    continue
  fi
  mapfile -d '' inputs < <(find "$root" \( -name '*.aadl' -o -name .project \) -type f -print0 | sort -z)
  results="$(
    if ((${#inputs[@]})); then index_files "${inputs[@]}"; fi | find_models | sort |
      tr '\n' '\0' | xargs -0 -r -P "$jobs" -I{} bash -c 'check_model "$1"' _ {}
  )"
  models=$(printf '%s' "$results" | grep -c . || true)
  accepted=$(printf '%s\n' "$results" | awk -F'\t' '$2 == "ok"' | grep -c . || true)
  pct=0
  ((models > 0)) && pct=$((100 * accepted / models))
  echo "== $root: $models models, $accepted accepted ($pct %)"
  printf '%s\n' "$results" | awk -F'\t' '$2 == "rejected" { print $3 }' |
    sed -E "s/'[^' ,][^',]*\\.[^',]*'/'…'/g" | sort | uniq -c | sort -rn | head -n "$top"
  if [ "${LIST:-0}" = 1 ]; then
    printf '%s\n' "$results" | awk -F'\t' '$2 == "rejected" { print "   " $1 ": " $3 }' | sort
  fi
done
