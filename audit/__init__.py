"""audit: data-quality and misinformation checks for news articles.

The data flow is one-way: ``ingest`` → ``normalise`` → tables → ``engine`` (checks) →
findings → ``report``. Check authors need only :func:`check`, :func:`fixture` and
:class:`Finding`.
"""

from audit.engine.registry import check, fixture
from audit.findings import Finding, Span

__all__ = ["check", "fixture", "Finding", "Span", "__version__"]
__version__ = "0.1.0"
