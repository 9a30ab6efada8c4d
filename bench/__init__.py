"""Wirepress benchmarks: `python -m bench` (build speed vs plain Pelican and Hugo, see
bench/README.md); ingest_bench.py and feeds_share.py run on their own."""
