#!/usr/bin/python3
"""Fails when code includes or links a layer above its own.

The layer order is the one truth in the root CMakeLists.txt
(`set(STEPWISE_LAYERS ...)`, lowest first). A file under src/<layer>/ may
include "<other>/..." and its CMakeLists.txt may link stepwise_<other> only
when <other> is the same layer or a lower one. Every folder under src/ must be
a layer, or it would be neither built nor checked.

Usage: check_layers.py [SOURCE_DIR]   (default: the checkout this file is in)
Exit status 0 when clean; 1 with one line a violation, naming file and line.
"""
import pathlib
import re
import sys

LAYERS_LINE = re.compile(r"^\s*set\(\s*STEPWISE_LAYERS\s+([^)]*)\)", re.MULTILINE)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"/]+)/')
LINK = re.compile(r"\bstepwise_([a-z0-9_]+)\b")
SOURCE_SUFFIXES = {".h", ".hpp", ".cpp", ".cc", ".inc", ".ipp"}


def layer_order(root):
    cmake = (root / "CMakeLists.txt").read_text()
    match = LAYERS_LINE.search(cmake)
    if not match:
        raise SystemExit(f"{root / 'CMakeLists.txt'}: no set(STEPWISE_LAYERS ...) line")
    return match.group(1).split()


def violations(root):
    layers = layer_order(root)
    rank = {name: i for i, name in enumerate(layers)}
    src = root / "src"
    found = []

    def check(path, line_number, own, used, what):
        where = f"{path.relative_to(root)}:{line_number}: {what}"
        if used not in rank:
            if (src / used).is_dir():
                found.append(f"{where}: src/{used}/ is not a layer")
            return
        if rank[used] > rank[own]:
            found.append(f"{where}: {used} is above {own} (layers, lowest first: {' '.join(layers)})")

    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        own = folder.name
        if own not in rank:
            found.append(f"src/{own}/: not in STEPWISE_LAYERS of the root CMakeLists.txt")
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            is_cmake = path.name == "CMakeLists.txt"
            if path.suffix not in SOURCE_SUFFIXES and not is_cmake:
                continue
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                if is_cmake:
                    code = line.split("#", 1)[0]
                    for used in LINK.findall(code):
                        check(path, number, own, used, "links stepwise_" + used)
                else:
                    match = INCLUDE.match(line)
                    if match:
                        check(path, number, own, match.group(1), f'includes "{match.group(1)}/..."')
    return found


def main(argv):
    root = pathlib.Path(argv[1] if len(argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
    found = violations(root)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} layering violation(s)")
        return 1
    print(f"layering clean: {' < '.join(layer_order(root))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
