#!/usr/bin/env bash
# man_page.sh BULKHEAD OUT: writes bulkhead's man page to OUT with help2man,
# from the binary's own --help and each command's --help, so the page can
# never say something the program does not do.
set -euo pipefail
bulkhead="$1"
out="$2"
include="$(mktemp)"
trap 'rm -f "$include"' EXIT

# Troff: a backslash is \e; a line starting with . or ' is a request unless
# guarded by \&.
troff_text() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }

commands="$("$bulkhead" --help | sed -n '/^Subcommands:/,$p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')"
{
  echo "[COMMANDS]"
  for command in $commands; do
    echo ".SS \"bulkhead $command\""
    echo ".nf"
    # The usage line names the binary as it was called; the page names bulkhead.
    "$bulkhead" "$command" --help | sed -e "s|^Usage: .*bulkhead $command|Usage: bulkhead $command|" | troff_text
    echo ".fi"
  done
  cat <<'SECTIONS'
[EXIT STATUS]
0 on success; 1 when the model or a partition failed (the message says where);
2 on bad command-line input (a one-line message); run's other statuses are
listed in the README.
[FILES]
.TP
.I bulkhead-manifests/
in a project's build directory: the partition programs `run` starts.
.TP
.I lib/bulkhead/
under the installation prefix: the C partition runtime and the guest image assets.
[SEE ALSO]
The README.md and docs/ of the bulkhead sources; OSATE and HAMR for the models.
SECTIONS
} >"$include"

help2man --no-info --no-discard-stderr --name="run partitioned AADL systems (HAMR semantics) on Linux" \
  --section=1 --include="$include" --output="$out" "$bulkhead"
