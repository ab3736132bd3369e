"""RSS/Atom feeds: pure library modules (no network, no database).

- `list`: the feed list (`seeds/feeds.toml` or one URL per line) and its settings.
- `parse`: feed bytes to entries (feedparser), page bytes to text (charset).
- `state`: per-feed polling arithmetic (outcome, backoff, Retry-After).
- `dedup`: SimHash fingerprints for near-duplicate (syndicated) articles.

The network lives in `flows.feeds.http`, the only module that talks to it;
feed state in the warehouse lives in `flows.warehouse.feeds`.
"""
