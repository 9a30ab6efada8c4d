"""WebSub publish ping: after a build, tell the hub (WEBSUB_HUB) which feeds changed, so
subscribers' readers fetch them at once instead of polling (https://www.w3.org/TR/websub/).

A ping is an HTTP POST of `hub.mode=publish` and one `hub.url` per changed feed (the
form PubSubHubbub 0.4 hubs accept; several URLs in one request, in batches). A hub that
is down or slow never fails a build: one warning line says what happened.
"""
from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request

log = logging.getLogger(__name__)

BATCH = 100          # hub.url values per request
TIMEOUT = 10         # seconds per request


def publish_body(urls) -> bytes:
    return urllib.parse.urlencode([("hub.mode", "publish")] + [("hub.url", u) for u in urls]).encode("ascii")


def ping(hub: str, feed_urls, timeout: float = TIMEOUT) -> int:
    """POST the changed feeds to `hub`; returns how many were accepted (2xx)."""
    urls = sorted(set(feed_urls))
    if not hub or not urls:
        return 0
    if not hub.startswith(("http://", "https://")):
        log.warning("websub: WEBSUB_HUB %r is not an http(s) URL; no ping", hub)
        return 0
    accepted = 0
    for start in range(0, len(urls), BATCH):
        chunk = urls[start:start + BATCH]
        req = urllib.request.Request(hub, data=publish_body(chunk), method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Wirepress"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read(1024)
                accepted += len(chunk)
        except urllib.error.HTTPError as exc:
            log.warning("websub: the hub %s answered %s to a ping of %d feed(s)", hub, exc.code, len(chunk))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            log.warning("websub: could not ping the hub %s: %s", hub, getattr(exc, "reason", exc))
    if accepted:
        log.info("websub: pinged %s with %d changed feed(s)", hub, accepted)
    return accepted
