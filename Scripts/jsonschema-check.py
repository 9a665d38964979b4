#!/usr/bin/env python3
"""Checks JSON files against a JSON Schema with Python's jsonschema (draft 2020-12).

Prints one line per file, "ok PATH" or "invalid PATH: reason", and exits 1 when any file is
invalid, 3 when jsonschema is missing, 0 otherwise. Used by the tests of the external plugin
protocol (Schemas/plugin-request.schema.json, plugin-report.schema.json).

Usage: python3 Scripts/jsonschema-check.py SCHEMA.json FILE.json [FILE.json ...]
"""
import json
import sys

try:
    import jsonschema
except ImportError as error:
    print(f"missing Python module: {error.name} (pip install jsonschema)", file=sys.stderr)
    sys.exit(3)

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
failed = False
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path, encoding="utf-8"))), key=lambda e: list(e.path))
    if errors:
        failed = True
        print(f"invalid {path}: {errors[0].message} at {list(errors[0].path)}")
    else:
        print(f"ok {path}")
sys.exit(1 if failed else 0)
