#!/usr/bin/env python3
"""Prints the dependency graph between the folders of a Swift target, and checks it.

A folder depends on another when its code names a type declared at the top level there.
    scripts/folder-graph.py Sources/NetAgentCore
prints the graph and each cycle (exit status 1 when there is one).
    scripts/folder-graph.py --check scripts/core-layers.txt Sources/NetAgentCore
checks the graph against a layer file: its folders lowest first, then "FROM -> TO" lines for
the upward references still allowed. Exit status 1, naming the files and types, on an upward
reference not listed, on a listed one that no longer exists, and on a folder not listed.
"""
import pathlib
import re
import sys

DECLARATION = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|internal|fileprivate|private|package|final|indirect|nonisolated)\s+)*"
                         r"(?:struct|class|enum|protocol|actor|typealias)\s+([A-Z]\w*)", re.M)
IDENTIFIER = re.compile(r"\b[A-Z]\w*\b")
COMMENT = re.compile(r"//.*?$|/\*.*?\*/", re.M | re.S)
STRING = re.compile(r'"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"')


def code_of(path):
    return STRING.sub('""', COMMENT.sub("", path.read_text()))


def graph(target):
    """Each folder's references to other folders: {folder: {other: {"File.swift: Type"}}}."""
    root = pathlib.Path(target)
    files = {folder.name: sorted(folder.rglob("*.swift")) for folder in sorted(root.iterdir()) if folder.is_dir()}
    owner = {}
    for folder, paths in files.items():
        for path in paths:
            for name in DECLARATION.findall(path.read_text()):
                owner.setdefault(name, folder)
    edges = {folder: {} for folder in files}
    for folder, paths in files.items():
        for path in paths:
            for name in set(IDENTIFIER.findall(code_of(path))):
                other = owner.get(name)
                if other and other != folder:
                    edges[folder].setdefault(other, set()).add(f"{path.name}: {name}")
    return edges


def main(target):
    edges = graph(target)
    files = edges
    for folder in files:
        print(f"{folder} -> {', '.join(sorted(edges[folder])) or '(nothing)'}")
    cycles = strongly_connected(edges)
    for cycle in cycles:
        print(f"\ncycle: {' <-> '.join(sorted(cycle))}", file=sys.stderr)
        for folder in sorted(cycle):
            for other in sorted(edges[folder]):
                if other in cycle:
                    uses = sorted(edges[folder][other])
                    print(f"  {folder} -> {other}: {'; '.join(uses[:6])}{' ...' if len(uses) > 6 else ''}", file=sys.stderr)
    return 1 if cycles else 0


def strongly_connected(edges):
    """Tarjan's algorithm; returns the components of more than one folder."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(component)

    for node in edges:
        if node not in index:
            visit(node)
    return result


def check(layer_file, target):
    order, allowed = [], set()
    for line in pathlib.Path(layer_file).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "->" in line:
            allowed.add(tuple(part.strip() for part in line.split("->")))
        else:
            order.append(line)
    edges = graph(target)
    problems = [f"{folder}: not in {layer_file}; add it at its layer" for folder in edges if folder not in order]
    upward = set()
    for folder, others in edges.items():
        for other, uses in others.items():
            if folder in order and other in order and order.index(other) > order.index(folder):
                upward.add((folder, other))
                if (folder, other) not in allowed:
                    problems.append(f"{folder} -> {other}: {folder} is below {other} in {layer_file} but names "
                                    + "; ".join(sorted(uses)))
    for folder, other in sorted(allowed - upward):
        problems.append(f"{folder} -> {other}: no longer referenced; delete the line from {layer_file}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{target}: {len(order)} layers, {len(upward)} upward reference(s) still listed in {layer_file}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "Sources/NetAgentCore"))
