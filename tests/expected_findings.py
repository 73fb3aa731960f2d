"""Rewrite data/expected_findings.json from the current audit of the sample corpus.

    python -m tests.expected_findings

Review the diff by hand before committing: every line is a claim that the finding is right,
and articles without findings are near misses that must stay clean.
"""

import json
import sys

from audit.config import load_config
from audit.pipeline import build_tables, run_audit
from tests.conftest import ROOT

EXPECTED = ROOT / "data" / "expected_findings.json"


def current() -> list[dict]:
    config = load_config(ROOT)
    result = run_audit(build_tables(config.corpus, jobs=1), config)
    return [{"article_id": f.article_id, "code": f.code, "line": f.line, "excerpt": f.excerpt}
            for f in result.findings]


def main() -> int:
    document = json.loads(EXPECTED.read_text(encoding="utf-8"))
    document["findings"] = current()
    EXPECTED.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    print(f"wrote {len(document['findings'])} findings to {EXPECTED}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
