"""Production settings: absolute URLs for feeds, canonical links and sitemaps."""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("WIREPRESS_SITEURL", "https://newsroom.example.org")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
WIREPRESS_BUILD_REPORT = False           # the /_build/ page is for development only
