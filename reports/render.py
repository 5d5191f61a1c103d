"""Placeholder renderer; replaced by the dashboard (issue 10)."""
from pathlib import Path
import json


def write_all(doc, out_dir, baseline=None):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    p = out_dir / "summary.md"
    p.write_text("\n".join(f"- {c['id']}: {c['verdict']}" for c in doc["claims"]) + "\n")
    return [p]
