#!/usr/bin/env python3
"""HAMR's Microkit micro-examples as the acceptance test of `run --hamr-microkit`.

Usage: scripts/microkit_acceptance.py BULKHEAD MICRO_EXAMPLES_DIR [--frames N] [--time-scale F] [--only NAME]
                                      [--verbs run,sim]

MICRO_EXAMPLES_DIR is `micro-examples/microkit` of a checkout of
github:loonwerks/INSPECTA-models. For every example with an aadl_readme.md
and HAMR Microkit code (hamr/microkit/components), runs

    BULKHEAD run aadl/*.aadl --hamr-microkit hamr/microkit --frames N --time-scale F
    BULKHEAD sim aadl/*.aadl --hamr-microkit hamr/microkit --frames N

and compares, per component (the Microkit PD name a line starts with), the
lines seL4 printed (the readme's "You should get output similar to" block)
with the lines bulkhead printed: the readme's sequence must be the start of
ours (the readme's capture ends at an arbitrary point; the interleaving
between components may differ). Prints one verdict per example and verb and
exits 1 if any does not match.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

PD_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_]*): ")


def readme_block(path):
    text = open(path, encoding="utf-8").read()
    at = text.lower().find("should get output similar to")
    if at < 0:
        return None
    fence = text.find("```", at)
    end = text.find("```", fence + 3)
    return [line.strip() for line in text[fence + 3:end].splitlines() if line.strip()]


def by_component(lines, names):
    out = {name: [] for name in names}
    for line in lines:
        for name in names:
            at = line.find(name + ": ")
            if at >= 0 and (at == 0 or not (line[at - 1].isalnum() or line[at - 1] == "_")):
                out[name].append(line[at:].rstrip())
                break
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bulkhead")
    parser.add_argument("examples")
    parser.add_argument("--frames", type=int, default=12)
    parser.add_argument("--time-scale", default="0.25")  # windows of 25 ms and more: robust under load
    parser.add_argument("--only", default="")
    parser.add_argument("--verbs", default="run,sim")
    args = parser.parse_args()
    failures = 0
    for readme in sorted(glob.glob(os.path.join(args.examples, "**", "aadl_readme.md"), recursive=True)):
        example = os.path.dirname(readme)
        name = os.path.relpath(example, args.examples)
        if args.only and args.only != name:
            continue
        hamr = os.path.join(example, "hamr", "microkit")
        expected = readme_block(readme)
        if expected is None or not os.path.isdir(os.path.join(hamr, "components")):
            print(f"{name}: SKIP (no readme output or no HAMR Microkit code)")
            continue
        models = sorted(glob.glob(os.path.join(example, "aadl", "*.aadl")))
        components = sorted({m.group(1) for m in map(PD_LINE.match, expected) if m and m.group(1) != "MON|INFO"})
        theirs = by_component(expected, components)
        for verb in args.verbs.split(","):
            command = [args.bulkhead, verb, *models, "--hamr-microkit", hamr, "--frames", str(args.frames)]
            if verb == "run":
                command += ["--time-scale", args.time_scale]
            run = subprocess.run(command, capture_output=True, text=True)
            ours = by_component((run.stdout + run.stderr).splitlines(), components)
            mismatched = [c for c in components if ours[c][:len(theirs[c])] != theirs[c]]
            if run.returncode != 0 or mismatched:
                failures += 1
                print(f"{name} ({verb}): MISMATCH (exit status {run.returncode})")
                for c in mismatched:
                    print(f"  {c}:\n    readme: {theirs[c]}\n    ours:   {ours[c][:len(theirs[c]) + 2]}")
                if run.returncode != 0:
                    print("  " + "\n  ".join((run.stdout + run.stderr).splitlines()[-15:]))
            else:
                print(f"{name} ({verb}): MATCH ({', '.join(f'{c} {len(theirs[c])}' for c in components)} lines)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
