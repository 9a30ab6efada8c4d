"""A release that is written must be published, or the build must say it is not.

Pelican logs "Could not process <file>" (or "Skipping <file>: could not find information
about ...") for a Markdown file it cannot read, drops it and still ends the build as a
success. After the articles are read (`article_generator_finalized`) this names every
Markdown file under the content folder that Pelican gave up on, in one error line each,
so a release lost that way never goes unnoticed in the build log or the dev server's report.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def unpublished(generator) -> list[str]:
    """Source paths (relative to the content folder) Pelican failed to read as articles."""
    failed = generator.context.get("generated_content", {})
    return sorted(path for path, content in failed.items()
                  if content is None and path.endswith((".md", ".markdown")))


def report(generator) -> None:
    """The `article_generator_finalized` hook."""
    lost = unpublished(generator)
    for path in lost:
        log.error("release %s was not published: Pelican could not read it (see the error above)", path)
    if lost:
        log.error("newsroom: %d release(s) written but not published", len(lost))
