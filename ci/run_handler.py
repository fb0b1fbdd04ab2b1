"""Builds tests/fixtures/code/resize.wire, unpacks the function's zip that
`wirec build` wrote, imports its handler as Lambda's Python runtime would
(the template's `Handler`, `module.function`) and runs it on a sample S3
event. moto cannot run Lambda code without Docker, so this is the proof that
the packaged code is the code and that the handler it names exists.

Usage: python3 ci/run_handler.py WIREC [WIREC ARGS...]
  e.g. python3 ci/run_handler.py cargo run --locked --release --quiet --
"""

import importlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FIXTURE = "tests/fixtures/code/resize.wire"
EVENT = {"Records": [{"eventSource": "aws:s3", "s3": {"bucket": {"name": "uploads"}, "object": {"key": "cat.png"}}}]}


def main():
    wirec = sys.argv[1:] or ["target/release/wirec"]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([*wirec, "build", FIXTURE, "-o", out], check=True)
        template = json.loads((Path(out) / "resize.template.json").read_text())
        manifest = json.loads((Path(out) / "artifacts" / "resize.manifest.json").read_text())
        (artifact,) = manifest["artifacts"]
        function = template["Resources"][artifact["logicalId"]]["Properties"]
        assert function["Code"]["S3Key"] == artifact["s3Key"], (function["Code"], artifact)
        code = Path(out) / "unpacked"
        with zipfile.ZipFile(Path(out) / "artifacts" / artifact["file"]) as archive:
            for info in archive.infolist():
                assert info.date_time == (1980, 1, 1, 0, 0, 0), info
            archive.extractall(code)
        module, name = function["Handler"].rsplit(".", 1)
        sys.path.insert(0, str(code))
        handler = getattr(importlib.import_module(module), name)
        result = handler(EVENT, None)
        assert result == {"resized": ["cat.png"]}, result
        print(f"run_handler: {function['Handler']} from {artifact['file']} returned {json.dumps(result)}")
        print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
