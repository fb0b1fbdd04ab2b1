#!/usr/bin/env python3
"""Lists Rust functions longer than a limit, and files longer than a limit.

A function's length is the number of lines from its `fn` keyword to the brace
that closes its body, found by matching braces with strings, characters and
comments skipped (so a `{` inside a string or a comment does not count).
Nested functions are measured on their own and also count in their parent.

    scripts/long-functions.py [--max-function 150] [--max-file 1000] [--top N] [PATH ...]

PATH is a file or a folder (searched for `*.rs`); the default is `src`.
Exits with 1 when a function or a file is over its limit, so CI can run it.
"""

import argparse
import os
import re
import sys

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def code_tokens(text):
    """Yields (offset, token) for `fn`, identifiers after it, `{`, `}` and `;`
    outside strings, characters and comments."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "/" and text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            continue
        raw = re.match(r'b?r(#*)"', text[i : i + 300]) if c in "rb" else None
        if raw and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            close = '"' + raw.group(1)
            end = text.find(close, i + raw.end())
            i = n if end < 0 else end + len(close)
            continue
        if c == '"' or (c == "b" and text.startswith('b"', i)):
            i = text.index('"', i) + 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        if c == "'":
            # A character literal ('a', '\n', '\u{1F600}', '{') or a lifetime ('a).
            literal = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i : i + 12])
            if literal:
                i += literal.end()
                continue
            i += 1
            continue
        if c in "{};":
            yield i, c
            i += 1
            continue
        if c.isalpha() or c == "_":
            word = IDENT.match(text, i)
            yield i, word.group(0)
            i = word.end()
            continue
        i += 1


def functions(text):
    """Yields (name, first line, last line) of every function with a body."""
    line_starts = [0]
    for index, character in enumerate(text):
        if character == "\n":
            line_starts.append(index + 1)

    def line(offset):
        low, high = 0, len(line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1

    depth = 0
    pending = None  # (name, offset) of a `fn` whose body has not opened yet
    expect_name = False
    open_functions = []  # (name, start offset, depth at which its body opened)
    for offset, token in code_tokens(text):
        if expect_name:
            expect_name = False
            pending = (token, pending_start, depth)
            continue
        if token == "fn" and re.match(r"\s+[A-Za-z_]", text[offset + 2 : offset + 4]):
            # `fn name`, not the pointer type `fn(...)`.
            expect_name, pending_start = True, offset
            continue
        if token == ";":
            if pending is not None and depth == pending[2]:
                pending = None  # a declaration without a body (trait method)
            continue
        if token == "{":
            depth += 1
            if pending is not None:
                open_functions.append((pending[0], pending[1], depth))
                pending = None
            continue
        if token == "}":
            if open_functions and open_functions[-1][2] == depth:
                name, start, _ = open_functions.pop()
                yield name, line(start), line(offset)
            depth -= 1


def rust_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for root, _, names in os.walk(path):
            for name in sorted(names):
                if name.endswith(".rs"):
                    yield os.path.join(root, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["src"])
    parser.add_argument("--max-function", type=int, default=150)
    parser.add_argument("--max-file", type=int, default=1000)
    parser.add_argument("--top", type=int, default=0, help="also list the N longest functions")
    arguments = parser.parse_args()

    found = []
    over = False
    for path in sorted(rust_files(arguments.paths)):
        with open(path, encoding="utf-8") as file:
            text = file.read()
        lines = text.count("\n")
        if lines > arguments.max_file:
            print(f"{path}: {lines} lines (file limit {arguments.max_file})")
            over = True
        for name, first, last in functions(text):
            length = last - first + 1
            found.append((length, path, first, name))
            if length > arguments.max_function:
                print(f"{path}:{first}: fn {name}: {length} lines (limit {arguments.max_function})")
                over = True
    if arguments.top:
        print(f"-- the {arguments.top} longest functions")
        for length, path, first, name in sorted(found, reverse=True)[: arguments.top]:
            print(f"{length:6} {path}:{first} fn {name}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
