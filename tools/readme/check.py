#!/usr/bin/env python3
"""Runs every `$ kelvin …` example in the README and compares what it prints.

Each ```text block is read as `$ command` lines, each followed by the output it shows (up to
the next `$` line or the end of the block). A command is run with bash from the repository
root, `kelvin` and `swift run kelvin` standing for the built binary; the output compared is
stdout, plus stderr when the command fails (the README shows error lines). Commands that time
things or need outside tools are listed in SKIP and only reported.

    tools/readme/check.py [--binary .build/release/kelvin] [--update]

--update writes the actual outputs back into the README (after a change that is meant to
change them; read the diff before committing). Exits 1 when an example differs.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKIP = ("benchmarks/compare.py", "kelvin bench")


def blocks(lines):
    """Yields (start, end) line ranges of the ```text blocks' bodies."""
    start = None
    for index, line in enumerate(lines):
        if line.startswith("```text"):
            start = index + 1
        elif line.startswith("```") and start is not None:
            yield start, index
            start = None


def examples(lines):
    """Yields (command, first output line, end of output) for every `$ ` line."""
    for start, end in blocks(lines):
        index = start
        while index < end:
            if lines[index].startswith("$ "):
                following = index + 1
                while following < end and not lines[following].startswith("$ "):
                    following += 1
                yield lines[index][2:], index + 1, following
                index = following
            else:
                index += 1


def run(command, binary, scratch):
    # Quoted: the checkout's path may hold spaces or non-ASCII letters.
    quoted = shlex.quote(binary)
    shell = re.sub(r"(^|\| *)(swift run kelvin|kelvin)\b", lambda m: m.group(1) + quoted, command)
    result = subprocess.run(
        ["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "100", "TMPDIR": scratch})
    text = result.stdout
    if result.returncode != 0:
        text += result.stderr
    return text.rstrip("\n").split("\n") if text.strip() else []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/kelvin"))
    parser.add_argument("--update", action="store_true")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    path = os.path.join(ROOT, "README.md")
    lines = open(path, encoding="utf-8").read().split("\n")
    replacements = []
    failures = 0
    created = []
    with tempfile.TemporaryDirectory() as scratch:
        for command, first, end in examples(lines):
            if any(word in command for word in SKIP):
                print(f"skipped: {command}")
                continue
            for name in re.findall(r"--output (\S+)", command):
                created.append(os.path.join(ROOT, name))
            actual = run(command, binary, scratch)
            shown = lines[first:end]
            while shown and not shown[-1].strip():
                shown.pop()
            if actual != shown:
                failures += 1
                print(f"DIFFERS: {command}")
                for old, new in zip(shown + [""] * len(actual), actual + [""] * len(shown)):
                    if old != new:
                        print(f"  README: {old}\n  actual: {new}")
                        break
                replacements.append((first, end, actual))
            else:
                print(f"ok: {command}")
    for name in created:
        if os.path.exists(name):
            os.remove(name)
    if arguments.update and replacements:
        for first, end, actual in sorted(replacements, reverse=True):
            trailing = [line for line in lines[first:end] if not line.strip()][-1:] if lines[end - 1].strip() == "" else []
            lines[first:end] = actual + trailing
        open(path, "w", encoding="utf-8").write("\n".join(lines))
        print(f"updated {len(replacements)} example(s)")
        return 0
    print(f"{failures} example(s) differ" if failures else "every example matches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
