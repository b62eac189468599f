#!/usr/bin/env python3
"""Checks the repository's documentation for a cold reader; run from anywhere: `python3 docs/check_docs.py`.

1. Every relative link in every tracked Markdown file resolves to a file or folder of the repository, and every
   `#anchor` to a heading of its target file.
2. No tracked text file points outside the repository (`../shared`, `/work/`), at reference files a clone does not
   contain, or at numbered sections (`§x.y`) of such a file.
3. The error table of docs/api/errors.md matches contracts' ErrorCode.java (code, HTTP status, type, retryable).

Exit status 0 when everything holds; each problem is printed as `path:line: message`.
"""
import os
import re
import subprocess
import sys

ROOT = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                      cwd=os.path.dirname(os.path.abspath(__file__)), check=True).stdout.strip()
TRACKED = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split("\n")
TRACKED = [path for path in TRACKED if path]

INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)")
FENCE = re.compile(r"^\s*(```|~~~)")
# files a clone does not contain, and section numbers (`§3.6`) of a contract document that is not in the repository
FOREIGN = re.compile(r"\.\./shared|/work/|babysea-api\.md|providers\.md|ARCHITECTURE\.md|STYLE\.md|test-infrastructure\.md"
                     r"|§\s?\d")
MIGRATION = re.compile(r"/db/(migration|platform)/V[^/]*\.sql$")
TEXT_SUFFIXES = (".java", ".md", ".properties", ".yaml", ".yml", ".js", ".mjs", ".ts", ".html", ".css", ".sql", ".xml",
                 ".json", ".sh", ".txt", ".py")


def anchors(path, cache={}):
    """GitHub-style heading slugs of a Markdown file."""
    if path not in cache:
        slugs = set()
        counts = {}
        in_fence = False
        with open(path, encoding="utf-8") as f:
            for line in f:
                if FENCE.match(line):
                    in_fence = not in_fence
                    continue
                match = None if in_fence else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
                if match:
                    slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
                    n = counts.get(slug, 0)
                    counts[slug] = n + 1
                    slugs.add(slug if n == 0 else f"{slug}-{n}")
        cache[path] = slugs
    return cache[path]


def check_links(problems):
    checked = 0
    for rel in TRACKED:
        if not rel.endswith(".md") or not os.path.exists(os.path.join(ROOT, rel)):
            continue
        in_fence = False
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if FENCE.match(line):
                    in_fence = not in_fence
                    continue
                if in_fence:
                    continue
                line = re.sub(r"`[^`]*`", "", line)
                targets = INLINE_LINK.findall(line) + REFERENCE_LINK.findall(line)
                for target in targets:
                    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                        continue  # http:, https:, mailto: ...
                    checked += 1
                    path_part, _, anchor = target.partition("#")
                    base = os.path.dirname(os.path.join(ROOT, rel))
                    resolved = os.path.normpath(os.path.join(base, path_part)) if path_part else os.path.join(ROOT, rel)
                    if not resolved.startswith(ROOT + os.sep) and resolved != ROOT:
                        problems.append(f"{rel}:{number}: link leaves the repository: {target}")
                    elif not os.path.exists(resolved):
                        problems.append(f"{rel}:{number}: broken link: {target}")
                    elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
                        problems.append(f"{rel}:{number}: no heading for anchor: {target}")
    return checked


def check_foreign_pointers(problems, notes):
    this = os.path.relpath(os.path.abspath(__file__), ROOT)
    for rel in TRACKED:
        if rel == this or not rel.endswith(TEXT_SUFFIXES) or not os.path.exists(os.path.join(ROOT, rel)):
            continue
        with open(os.path.join(ROOT, rel), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                if FOREIGN.search(line):
                    message = f"{rel}:{number}: points outside the repository: {line.strip()[:120]}"
                    # a released Flyway migration cannot change, not even a comment: its checksum is validated
                    (notes if MIGRATION.search(rel) else problems).append(message)


def check_error_table(problems):
    source = open(os.path.join(ROOT, "contracts/src/main/java/ai/babysea/contracts/ErrorCode.java"), encoding="utf-8").read()
    codes = {code: (int(status), kind, retryable == "true") for code, kind, status, retryable in
             re.findall(r'^\s+[A-Z_]+\("(BSE\d{4})", "([a-z_]+)", (\d{3}), (true|false),', source, re.M)}
    documented = {}
    doc = "docs/api/errors.md"
    with open(os.path.join(ROOT, doc), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = re.match(r"^\| `(BSE\d{4})`[^|]*\| (\d{3}) \| `([a-z_]+)` \| (yes|no) \|", line)
            if match:
                code = match.group(1)
                if code in documented:
                    problems.append(f"{doc}:{number}: {code} listed twice")
                documented[code] = (int(match.group(2)), match.group(3), match.group(4) == "yes")
                if code not in codes:
                    problems.append(f"{doc}:{number}: {code} is not in ErrorCode.java")
                elif codes[code] != documented[code]:
                    problems.append(f"{doc}:{number}: {code} is {codes[code]} in ErrorCode.java, documented {documented[code]}")
    for code in sorted(set(codes) - set(documented)):
        problems.append(f"{doc}: {code} of ErrorCode.java is not documented")
    return len(codes)


def main():
    problems = []
    notes = []
    links = check_links(problems)
    check_foreign_pointers(problems, notes)
    codes = check_error_table(problems)
    for problem in problems:
        print(problem)
    for note in notes:
        print(f"note (released migration, left as it is): {note}")
    print(f"{links} relative links in {sum(1 for p in TRACKED if p.endswith('.md'))} Markdown files, "
          f"{codes} error codes checked: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
