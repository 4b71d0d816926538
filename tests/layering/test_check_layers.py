#!/usr/bin/python3
"""The layering guard itself: it must pass a clean tree and fail each kind of violation."""
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

CHECK = pathlib.Path(__file__).resolve().parent / "check_layers.py"


def tree(files):
    root = pathlib.Path(tempfile.mkdtemp(prefix="layers-"))
    files = {"CMakeLists.txt": "set(STEPWISE_LAYERS low mid high)\n",
             "src/low/a.h": "#pragma once\n", "src/mid/b.cpp": '#include "low/a.h"\n',
             "src/high/c.cpp": '#include "mid/b.h"\n#include <vector>\n#include "sqlite3.h"\n', **files}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def run(root):
    done = subprocess.run([sys.executable, str(CHECK), str(root)], capture_output=True, text=True)
    return done.returncode, done.stdout


class CheckLayers(unittest.TestCase):
    def setUp(self):
        self.roots = []

    def tearDown(self):
        for root in self.roots:
            shutil.rmtree(root)

    def tree(self, files):
        self.roots.append(tree(files))
        return self.roots[-1]

    def test_clean_tree_passes(self):
        self.assertEqual(run(self.tree({}))[0], 0)

    def test_include_up_a_layer_fails_naming_file_and_line(self):
        code, out = run(self.tree({"src/low/d.cpp": '// x\n  #include "high/c.h"\n'}))
        self.assertEqual(code, 1)
        self.assertIn("src/low/d.cpp:2:", out)

    def test_include_in_a_subfolder_counts_for_its_layer(self):
        self.assertEqual(run(self.tree({"src/mid/sub/e.h": '#include "high/c.h"\n'}))[0], 1)

    def test_link_up_a_layer_fails(self):
        code, out = run(self.tree({"src/low/CMakeLists.txt": "target_link_libraries(stepwise_low PUBLIC stepwise_mid)\n"}))
        self.assertEqual(code, 1)
        self.assertIn("src/low/CMakeLists.txt:1:", out)

    def test_folder_that_is_no_layer_fails(self):
        self.assertEqual(run(self.tree({"src/stray/f.cpp": "\n"}))[0], 1)

    def test_order_comes_from_cmakelists(self):
        reordered = "set(STEPWISE_LAYERS high mid low)\n"
        self.assertEqual(run(self.tree({"CMakeLists.txt": reordered}))[0], 1)


if __name__ == "__main__":
    unittest.main()
