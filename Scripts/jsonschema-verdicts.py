#!/usr/bin/env python3
"""Validates manifests against Schemas/resource.schema.json with Python's jsonschema.

Prints one JSON object per line: {"path": ..., "valid": true|false, "errors": [...]}.
Used by the differential test (Tests/AllmenningCoreTests/ManifestCorpusTests.swift) and by
anyone who wants a second opinion on a manifest. Exit code: 0, unless it could not run (2).

Usage: python3 Scripts/jsonschema-verdicts.py FILE.yaml [FILE.yaml ...]
"""
import json
import re
import sys
from pathlib import Path

try:
    import jsonschema
    import yaml
except ImportError as error:  # the caller prints this as the reason to skip
    print(f"missing Python module: {error.name} (pip install jsonschema pyyaml)", file=sys.stderr)
    sys.exit(3)

SCHEMA = Path(__file__).resolve().parent.parent / "Schemas" / "resource.schema.json"


class ManifestLoader(yaml.SafeLoader):
    """Resolves plain scalars by the YAML 1.2 core schema, as the Swift validator does:
    'no', 'on' and 'yes' stay strings (the Norway problem), and dates stay strings."""


ManifestLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]:
    ManifestLoader.add_implicit_resolver(tag, re.compile(pattern), first)


def main(paths):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in paths:
        try:
            document = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=ManifestLoader)
            errors = sorted(f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message[:200]}"
                            for e in validator.iter_errors(document))
        except Exception as error:  # a YAML syntax error is an invalid manifest, as in Swift
            errors = [f"not YAML: {error}"]
        print(json.dumps({"path": path, "valid": not errors, "errors": errors}, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1:])
