"""Publish on write: every public page as files, for nginx or a CDN to serve.

After a commit changes a page, a debounced task renders what the page shows
(the status page, history, feeds, the v2 JSON, badges and the permalinks of
what is live) through the app itself and writes the bytes, with ``.gz`` and
``.br`` twins, atomically under PUBLISH_DIR, by host and path. nginx serves
them as files and falls back to the app for everything else, so the page stays
up, and fast, while the app or its database is down (deploy/nginx.conf).
"""
