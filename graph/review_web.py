"""Stage 1c, in the browser: `pactgraph review SOURCE --web`, the review page.

A local page (127.0.0.1 only) shows the report with each draft's sentence and words marked, and each
draft as a small form: its kind, its roles and values, its status and dates, the entities chosen from
the workspace's (searched by near name, as `pactgraph entities` finds them), with what the graph
already holds about the same thing beside it. Accept, reject, edit and link with the keyboard; accept
all drafts above a confidence. It writes what the terminal review writes, through the same functions
(graph/review.py): a claim accepted here is checked as the build checks it, or stays a draft.

The page is the server's own: every request must name the server in its Host header (a page that
rebinds a name to 127.0.0.1 is refused), every change must carry the token the page was given (a
page of another site can neither read it nor send it: it is a custom header, which a cross-site
request cannot set without the server's consent, never given), and the page may fetch nothing but
the server (Content-Security-Policy). Bodies are small and slow clients are cut off.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import webbrowser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import paths
from .errors import InputError, PactError
from .sources import Source

MAX_BODY = 256 * 1024  # an edited claim is a few hundred bytes
SOCKET_TIMEOUT = 10  # seconds a client may take to send its request
TOKEN_HEADER = "X-Review-Token"  # noqa: S105 (a header name, not a secret)


class ReviewState:
    """What the page reviews: one source's drafts in a workspace's folders."""

    def __init__(self, source: Source, sources: dict, claims_dir: Path, drafts_dir: Path):
        self.source, self.sources = source, sources
        self.claims_dir, self.drafts_dir = claims_dir, drafts_dir
        self.lock = threading.Lock()  # one change at a time from this page (graph/review.py locks across processes)

    def drafts(self) -> list:
        from .review import read_drafts

        path = self.drafts_dir / f"{self.source.id}.yaml"
        return read_drafts(self.source, self.drafts_dir) if path.is_file() else []

    def entities(self):
        from .draft.linking import Known
        from .entities import Entity

        known = Known(self.claims_dir)
        return [
            Entity(ref, entity.type or ref.split("/", 1)[0], entity.label or ref, sorted(entity.aliases))
            for ref, entity in sorted(known.entities.items())
        ]

    def graph_facts(self, draft, known, claims: list[tuple[str, dict]]) -> list[dict]:
        """What the graph holds about the thing a draft is about, or about the events of the same
        kind with a party in common: each (ref, label, facts) from the reviewed `claims` (each with
        the name of its file), whose entities and events `known` holds."""
        from .draft.linking import PARTY_KEYS

        about = draft.raw.get("about")
        facts = draft.raw.get("facts") or {}
        parties = {
            v.get("ref") if isinstance(v, dict) else v
            for key, values in facts.items()
            if key in PARTY_KEYS
            for v in (values if isinstance(values, list) else [values])
        }
        wanted = {about} if about in known.entities else set()
        kind = draft.raw.get("type")
        for ref, event in known.events.items():
            entity = known.entities.get(ref)
            if kind and entity is not None and entity.type == kind and parties & set().union(*event.roles.values()):
                wanted.add(ref)
        shown: dict[str, dict] = {}
        for stem, raw in claims:
            if raw.get("about") in wanted:
                entry = shown.setdefault(
                    raw["about"], {"ref": raw["about"], "label": known.entities[raw["about"]].label, "facts": {}}
                )
                for key, value in (raw.get("facts") or {}).items():
                    entry["facts"].setdefault(key, []).append({"value": value, "source": stem})
        return list(shown.values())[:5]

    def payload(self) -> dict:
        from .draft.linking import Known
        from .sentences import sentences
        from .yamlfile import load_yaml_mapping

        drafts = self.drafts()
        # The reviewed claims read once for all the drafts, not once a draft.
        known = Known(self.claims_dir)
        claims = [
            (path.stem, raw)
            for path in sorted(self.claims_dir.glob("*.yaml"))
            for raw in load_yaml_mapping(path).get("claims") or []
            if isinstance(raw, dict)
        ]
        return {
            "source": self.source.id,
            "sentences": [s.text for s in sentences(self.source.text)],
            "drafts": [
                {
                    "id": d.id,
                    "confidence": d.confidence,
                    "reason": d.reason,
                    "claim": d.as_claim(),
                    "sentences": d.sentences(),
                    "graph": self.graph_facts(d, known, claims),
                }
                for d in drafts
            ],
        }

    def change(self, action: str, body: dict) -> dict:
        from .review import Draft, accept, drop, link

        with self.lock:
            by_id = {d.id: d for d in self.drafts()}
            if action == "accept-above":
                threshold = body.get("confidence")
                if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
                    raise InputError("give the confidence as a number from 0 to 1")
                done, refused = [], []
                for draft in by_id.values():
                    if draft.confidence >= threshold:
                        try:
                            done.append(
                                accept(self.source, draft, self.claims_dir, self.drafts_dir, sources=self.sources)
                            )
                        except InputError as error:
                            refused.append(str(error))
                return {"accepted": done, "refused": refused}
            draft_id = body.get("id")
            if not isinstance(draft_id, str) or draft_id not in by_id:
                raise InputError(f"{str(draft_id)[:80]!r} is not a draft of {self.source.id}")
            draft: Draft = by_id[draft_id]
            if action == "accept":
                edited = body.get("claim")
                if edited is not None and not isinstance(edited, dict):
                    raise InputError(f"{draft_id}: the edited claim must be an object")
                if edited is not None:
                    edited = {k: v for k, v in edited.items() if k not in {"confidence", "reason"}}
                claim_id = accept(self.source, draft, self.claims_dir, self.drafts_dir, edited, sources=self.sources)
                return {"accepted": [claim_id]}
            if action == "reject":
                with_it = drop(self.source, draft, self.drafts_dir, self.claims_dir)
                return {"rejected": [draft_id, *with_it]}
            if action == "link":
                entity = body.get("entity")
                if not isinstance(entity, str) or "/" not in entity:
                    raise InputError("give the entity to link to, such as agreement/...")
                return {"linked": link(self.source, draft_id, entity, self.claims_dir, self.drafts_dir)}
            raise InputError(f"no such change: {action[:40]}")


def page(token: str, nonce: str) -> bytes:
    """The review page, the token and the nonce in it (escaped: they are ours, but nothing reaches
    HTML unescaped)."""
    text = (paths.TEMPLATES / "review.html").read_text(encoding="utf-8")
    return text.replace("{{TOKEN}}", html.escape(token)).replace("{{NONCE}}", html.escape(nonce)).encode("utf-8")


def handler_for(state: ReviewState, token: str, port_of) -> type[BaseHTTPRequestHandler]:
    from .serve import HostPolicy

    class Handler(BaseHTTPRequestHandler):
        timeout = SOCKET_TIMEOUT
        server_version = "pactgraph-review"
        sys_version = ""

        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            pass  # the terminal stays quiet; what was done is in the claims and drafts files

        def _reply(self, status: int, body: bytes, kind: str, nonce: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Referrer-Policy", "no-referrer")
            scripts = f"'nonce-{nonce}'" if nonce else "'none'"
            self.send_header(
                "Content-Security-Policy",
                f"default-src 'none'; script-src {scripts}; style-src {scripts}; connect-src 'self'; "
                "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            )
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, value) -> None:
            self._reply(status, json.dumps(value).encode("utf-8"), "application/json; charset=utf-8")

        def _allowed(self) -> bool:
            if not HostPolicy.of("127.0.0.1", port_of()).allows(self.headers.get("Host")):
                self._json(421, {"error": "this page answers only to 127.0.0.1 and localhost"})
                return False
            return True

        def do_GET(self):  # noqa: N802 (http.server's name)
            if not self._allowed():
                return
            url = urlsplit(self.path)
            if url.path == "/":
                nonce = secrets.token_urlsafe(16)
                self._reply(200, page(token, nonce), "text/html; charset=utf-8", nonce)
            elif url.path in ("/api/state", "/api/entities"):
                if not secrets.compare_digest(self.headers.get(TOKEN_HEADER, ""), token):
                    self._json(403, {"error": "the page's token is missing"})
                elif url.path == "/api/state":
                    self._safely(lambda: state.payload())
                else:
                    from .entities import find

                    text = (parse_qs(url.query).get("q") or [""])[0][:200]
                    self._safely(
                        lambda: [
                            {"ref": e.ref, "label": e.label, "kind": e.kind}
                            for e, _, _ in (find(state.entities(), text) if text.strip() else [])
                        ][:20]
                    )
            else:
                self._json(404, {"error": "no such page"})

        def do_POST(self):  # noqa: N802
            if not self._allowed():
                return
            if not secrets.compare_digest(self.headers.get(TOKEN_HEADER, ""), token):
                self._json(403, {"error": "the page's token is missing: changes come only from the review page"})
                return
            length = self.headers.get("Content-Length", "")
            if not length.isdigit() or int(length) > MAX_BODY:
                self._json(413, {"error": f"a change is at most {MAX_BODY} bytes, with its Content-Length"})
                return
            try:
                body = json.loads(self.rfile.read(int(length)) or b"{}")
            except (ValueError, UnicodeDecodeError):
                self._json(400, {"error": "the change is not JSON"})
                return
            action = urlsplit(self.path).path.removeprefix("/api/")
            if not isinstance(body, dict):
                self._json(400, {"error": "the change is not a JSON object"})
                return
            self._safely(lambda: state.change(action, body))

        def _safely(self, work) -> None:
            try:
                self._json(200, work())
            except PactError as error:
                self._json(400, {"error": str(error).splitlines()[0]})

    return Handler


def serve_review(state: ReviewState, port: int = 0, open_browser: bool = True, ready=None) -> None:
    """Serve the review page on 127.0.0.1 until interrupted; `ready(url)` is called once it listens."""
    token = secrets.token_urlsafe(24)
    holder: dict = {}
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(state, token, lambda: holder["port"]))
    server.daemon_threads = True
    holder["port"] = server.server_address[1]
    url = f"http://127.0.0.1:{holder['port']}/"
    if ready is not None:
        ready(url, server)
    if open_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    finally:
        server.server_close()
