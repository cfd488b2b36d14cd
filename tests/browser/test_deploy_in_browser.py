"""The deployment recipe of deploy/ (docs/deploy.md): the rendered nginx configuration and
systemd units, then two Streamlit processes behind Debian's nginx, started by
``deploy/run_local.py`` as a person would start them, and used over HTTP and in Chromium.

The first tests only render and check files (tier 1; ``nginx -t`` and ``systemd-analyze``
where installed). The rest start the recipe once for the module (marked slow, the browser test
browser); they need Debian's nginx: skipped without it, failing with CI set (.ci/run installs
it).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import importlib.util
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from domain.config import kelola_settings
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def _script(name: str) -> ModuleType:
    """A script of deploy/ as a module (deploy/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"deploy_{name}", DEPLOY / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


render_nginx = _script("render_nginx")

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                  else None)
IN_CI = bool(os.environ.get("CI"))
START_TIMEOUT = 180.0


def need_nginx() -> str:
    if NGINX:
        return NGINX
    if IN_CI:
        pytest.fail("CI is set but nginx is missing: .ci/run installs Debian's nginx "
                    "(apt-get install -y nginx)", pytrace=False)
    pytest.skip("nginx not found: `apt-get install -y nginx` to run the deployment tests")


# -- the rendered files -----------------------------------------------------------------------

def site(tmp_path: Path, ports: tuple[int, ...] = (8501, 8502)) -> str:
    return render_nginx.render_site(ports, listen="127.0.0.1:8080",
                                    publication=tmp_path / "terbitan")


def test_the_upload_path_alone_takes_bodies_up_to_the_configured_upload_limit(tmp_path):
    """client_max_body_size matches [kelola] max_upload_mb (and Streamlit's maxUploadSize),
    with room for the multipart envelope; every other path keeps nginx's 1 MB."""
    mb = kelola_settings().max_upload_mb
    streamlit_config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert streamlit_config["server"]["maxUploadSize"] == mb
    text = site(tmp_path)
    upload = re.search(r"location \^~ /_stcore/upload_file/ \{(.*?)\}", text, re.DOTALL)
    assert upload and f"client_max_body_size {mb + 1}m;" in upload.group(1)
    limits = re.findall(r"client_max_body_size (\S+);", text)
    assert sorted(limits) == sorted(["1m", f"{mb + 1}m"])


def test_the_policy_allows_exactly_the_inline_scripts_the_app_runs(tmp_path):
    """Streamlit's index.html and the app's history listener run inline scripts; the policy
    names each by its hash and allows no other inline script."""
    from dashboard import history

    index = (render_nginx.streamlit_static() / "index.html").read_text(encoding="utf-8")
    bodies = [*re.findall(r"<script>(.*?)</script>", index, re.DOTALL),
              *re.findall(r"<script>(.*?)</script>", history.SCRIPT, re.DOTALL)]
    assert len(bodies) >= 2
    csp = re.search(r'Content-Security-Policy "([^"]+)"', site(tmp_path)).group(1)
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    for body in bodies:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'self'" in csp


def test_every_replica_port_is_an_upstream_server(tmp_path):
    text = site(tmp_path, (9001, 9002, 9003))
    assert re.findall(r"server 127\.0\.0\.1:(\d+) ", text) == ["9001", "9002", "9003"]
    with pytest.raises(ValueError):
        render_nginx.render_site([], publication=tmp_path)
    with pytest.raises(ValueError, match="SERVER_NAME"):
        render_nginx.render_site([1], server_name="a; include /etc/passwd",
                                 publication=tmp_path)


def test_nginx_accepts_the_rendered_configuration(tmp_path):
    nginx = need_nginx()
    prefix = tmp_path / "prefix"
    main = render_nginx.write_standalone(prefix, site(tmp_path))
    done = subprocess.run([nginx, "-t", "-p", str(prefix), "-c", str(main), "-e",
                           str(prefix / "logs" / "error.log")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_https_redirects_port_80_answers_certbot_and_sends_hsts(tmp_path):
    """With a certificate (here a self-signed one) the site is served over HTTPS with HSTS on
    every answer; port 80 redirects, except certbot's challenge path; nginx accepts it."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl not installed")
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=dasbor.example.go.id", "-keyout", str(key), "-out",
                    str(certificate)], check=True, capture_output=True)
    text = render_nginx.render_site(
        (8501, 8502), listen="127.0.0.1:8080", server_name="dasbor.example.go.id",
        publication=tmp_path / "terbitan",
        tls=render_nginx.Tls(certificate, key, port=8443))
    redirect, main = text.split("# Port 80:", 1)[1].split("\nserver {", 2)[1:]
    assert "listen 127.0.0.1:8080;" in redirect and "return 301 https://" in redirect
    assert "/.well-known/acme-challenge/" in redirect
    assert "listen 8443 ssl http2;" in main and f"ssl_certificate {certificate};" in main
    assert main.count('Strict-Transport-Security "max-age=31536000" always') == 3
    assert main.count("add_header X-Content-Type-Options") == 3
    plain = site(tmp_path)
    assert "Strict-Transport-Security" not in plain and "/.well-known/acme-challenge/" in plain
    nginx = need_nginx()
    prefix = tmp_path / "prefix"
    main_conf = render_nginx.write_standalone(prefix, text)
    done = subprocess.run([nginx, "-t", "-p", str(prefix), "-c", str(main_conf), "-e",
                           str(prefix / "logs" / "error.log")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_the_systemd_units_are_valid(tmp_path):
    """systemd-analyze verify on the units, with the checkout's path for /srv/pmi-dashboard
    (verify checks that the programs exist)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed")
    names = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text(encoding="utf-8").replace("/srv/pmi-dashboard", str(ROOT))
        name = unit.name.replace("@.", "@8501.")
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(str(tmp_path / name))
    assert any("pmi-dashboard@8501.service" in n for n in names)
    done = subprocess.run([analyze, "verify", "--man=no", *names], capture_output=True,
                          text=True, check=False, cwd=tmp_path)
    problems = [line for line in done.stderr.splitlines() if "pmi" in line]
    assert done.returncode == 0 and not problems, done.stderr


# -- two replicas behind nginx ------------------------------------------------------------------

@dataclass
class Deployment:
    url: str
    prefix: Path
    store: Path
    publication: Path
    replicas: list[dict[str, int]]
    process: subprocess.Popen[str]

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def logs(self) -> str:
        parts = []
        for log in sorted((self.prefix / "logs").glob("*")):
            lines = log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]
            parts.append(f"--- {log.name}\n" + "\n".join(lines))
        return "\n".join(parts)


@pytest.fixture(scope="module")
def deployment(shipped_store: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[Deployment]:
    """``deploy/run_local.py`` with two replicas serving a copy of the shipped store (the
    shipped configuration otherwise: the published series first), and a publication folder
    with one page."""
    need_nginx()
    folder = tmp_path_factory.mktemp("deploy")
    store = folder / "pmi.duckdb"
    shutil.copyfile(shipped_store, store)
    publication = folder / "terbitan"
    publication.mkdir()
    (publication / "index.html").write_text("<!doctype html><title>x</title><p>terbitan",
                                            encoding="utf-8")
    (publication / ".secret").write_text("not public", encoding="utf-8")
    env = {**os.environ, "PMI_DB": str(store),
           "PMI_MASUKAN_DB": str(folder / "masukan.duckdb"),
           "PMI_ARCHIVE_DIR": str(folder / "arsip")}
    env.pop("PMI_DEFAULT_SERIES", None)
    process = subprocess.Popen(
        [sys.executable, str(DEPLOY / "run_local.py"), "--replicas", "2", "--port", "0",
         "--prefix", str(folder / "nginx"), "--publication", str(publication)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        if not line:
            process.terminate()
            _, err = process.communicate(timeout=30)
            pytest.fail(f"deploy/run_local.py did not start: {err[-3000:]}", pytrace=False)
        info = json.loads(line)
        yield Deployment(info["url"], Path(info["prefix"]), store, publication,
                         info["replicas"], process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def request(deployment: Deployment, path: str, method: str = "GET",
            headers: dict[str, str] | None = None, body: bytes | None = None
            ) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", deployment.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        connection.close()


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


def static_asset() -> str:
    index = (render_nginx.streamlit_static() / "index.html").read_text(encoding="utf-8")
    return "/" + re.search(r'src="\./(static/js/[^"]+\.js)"', index).group(1)


@pytest.mark.slow
def test_two_replicas_answer_behind_nginx(deployment: Deployment):
    status, headers, body = request(deployment, "/_stcore/health")
    assert (status, body) == (200, b"ok"), deployment.logs()
    assert headers["X-Upstream"] in {str(r["port"]) for r in deployment.replicas}
    for replica in deployment.replicas:
        with urllib.request.urlopen(f"http://127.0.0.1:{replica['port']}/_stcore/health",
                                    timeout=5) as answer:
            assert answer.status == 200
    status, _, body = request(deployment, "/")
    assert status == 200 and b'<div id="root">' in body


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/", "/tren?seri=contoh", "STATIC", "/_stcore/metrics",
                                  "/nothing-here"])
def test_security_headers_are_on_every_answer(deployment: Deployment, path: str):
    status, headers, _ = request(deployment, static_asset() if path == "STATIC" else path)
    assert status in {200, 404}
    for name in SECURITY_HEADERS:
        assert headers[name], name
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "default-src 'self'" in csp
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.slow
def test_the_publication_may_be_framed_by_any_site_and_hides_dotfiles(deployment: Deployment):
    status, headers, body = request(deployment, "/terbitan/")
    assert status == 200 and b"terbitan" in body
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "script-src" not in csp  # default-src 'none'
    assert "X-Frame-Options" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert request(deployment, "/terbitan/.secret")[0] == 404


@pytest.mark.slow
def test_streamlits_bundle_is_served_gzipped_and_cached_for_a_year(deployment: Deployment):
    status, headers, body = request(deployment, static_asset(),
                                    headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "X-Upstream" not in headers  # nginx serves it from disk, no replica involved
    assert body[:2] == b"\x1f\x8b"


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/", "/_stcore/metrics?x=1",
                                  "/_stcore/script-health-check", "/_stcore/agent/openapi.json",
                                  "/_stcore/agent/mcp"])
def test_internal_endpoints_are_not_public(deployment: Deployment, path: str):
    assert request(deployment, path)[0] == 404


@pytest.mark.slow
def test_metrics_are_refused_by_nginx_not_missing_from_streamlit(deployment: Deployment):
    port = deployment.replicas[0]["port"]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics",
                                timeout=5) as answer:
        assert answer.status == 200  # the replica has them (on loopback only)


@pytest.mark.slow
def test_request_bodies_over_the_limits_are_refused(deployment: Deployment):
    """The upload path takes the upload limit plus the envelope, nothing more; every other
    path 1 MB. nginx answers 413 from the declared length, before reading the body."""
    mb = kelola_settings().max_upload_mb
    too_large = str((mb + 1) * 1024 * 1024 + 1)
    status, _, _ = request(deployment, "/_stcore/upload_file/session/file", "PUT",
                           headers={"Content-Length": too_large})
    assert status == 413
    status, _, _ = request(deployment, "/", "POST", body=b"x" * (1024 * 1024 + 1))
    assert status == 413
    # a file of the largest accepted size passes nginx (Streamlit then refuses a made-up
    # session, with its own answer)
    status, _, _ = request(deployment, "/_stcore/upload_file/session/file", "PUT",
                           body=b"x" * (mb * 1024 * 1024),
                           headers={"Content-Type": "application/octet-stream"})
    assert status != 413


def affinity(headers: http.client.HTTPMessage) -> str | None:
    found = re.search(r"pmi_replica=([0-9a-f]{32})", headers.get("Set-Cookie") or "")
    return found.group(1) if found else None


@pytest.mark.slow
def test_a_browser_keeps_its_replica_and_new_browsers_are_spread(deployment: Deployment):
    """Sticky by cookie: consecutive requests with the cookie land on one replica (their
    X-Upstream), and fresh clients without one are spread over both."""
    _, headers, _ = request(deployment, "/")
    cookie = affinity(headers)
    assert cookie, headers
    first = headers["X-Upstream"]
    for path in ["/", "/_stcore/health", "/tren", "/_stcore/host-config", "/"] * 4:
        _, answer, _ = request(deployment, path, headers={"Cookie": f"pmi_replica={cookie}"})
        assert answer["X-Upstream"] == first, path
        assert affinity(answer) is None  # a valid cookie is kept, not replaced
    seen = {request(deployment, "/_stcore/health")[1]["X-Upstream"] for _ in range(40)}
    assert seen == {str(r["port"]) for r in deployment.replicas}
    # a malformed cookie is replaced by a fresh one
    _, answer, _ = request(deployment, "/", headers={"Cookie": "pmi_replica=../../x"})
    assert affinity(answer)


@pytest.mark.slow
def test_two_replicas_started_without_a_store_build_it_once_before_answering(tmp_path: Path):
    """A first start: both replicas find no store; they take turns on its lock, the second
    uses the first one's build, and neither answers its health check before the store is
    ready."""
    need_nginx()
    store = tmp_path / "fresh" / "pmi.duckdb"
    env = {**os.environ, "PMI_DB": str(store), "PMI_MASUKAN_DB": str(tmp_path / "m.duckdb")}
    process = subprocess.Popen(
        [sys.executable, str(DEPLOY / "run_local.py"), "--port", "0", "--prefix",
         str(tmp_path / "nginx")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        assert line, process.stderr.read() if process.poll() is not None else "no answer"
        assert store.exists()
        history = subprocess.run([sys.executable, "-m", "loaders", "history", "--db",
                                  str(store), "--json"], cwd=ROOT, capture_output=True,
                                 text=True, check=True)
        batches = json.loads(history.stdout)
        files = [b["file_name"] for b in batches]
        assert len(files) == len(set(files)) and all(b["status"] == "active" for b in batches)
        logs = "".join(p.read_text(encoding="utf-8") for p in
                       (tmp_path / "nginx" / "logs").glob("streamlit-*.log"))
        assert logs.count("dibangun dari data bawaan") == 1, logs
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


# -- a real browser through nginx -------------------------------------------------------------

#: Collects every Content-Security-Policy violation of a document (frames included).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture(scope="module")
def chromium(browser: object) -> object:
    """The session's Chromium (tests/browser/conftest.py): one Playwright per process."""
    return browser


@pytest.mark.browser
def test_a_browser_session_through_nginx_works_under_the_policy(deployment: Deployment,
                                                                 chromium, tmp_path: Path):
    """The overview and the map draw their charts over the websocket through nginx, with no
    policy violation in any frame and no script error; the history listener (an inline
    script allowed by its hash) is installed; a chart's CSV comes from the session's
    replica."""
    from tests.browser.conftest import PAGE_STATE_JS, READY_TIMEOUT_MS

    context = chromium.new_context(viewport={"width": 1366, "height": 768},
                                   accept_downloads=True)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    sockets: list[str] = []
    errors: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for path in ("/", "/peta"):
            page.goto(deployment.url + path)
            page.wait_for_function(f"(n) => ({PAGE_STATE_JS})(n).ready", arg=1,
                                   timeout=READY_TIMEOUT_MS * 2, polling=100)
            time.sleep(0.5)  # late violations (fonts, frames) are reported asynchronously
            violations = [v for frame in page.frames
                          for v in frame.evaluate("window.__cspViolations || []")]
            assert violations == [], violations
            assert page.evaluate("window.__pmiHistoryListener") is True
        assert errors == []
        assert sockets and all(s == f"ws://127.0.0.1:{deployment.port}/_stcore/stream"
                               for s in sockets)
        cookie = next(c for c in context.cookies() if c["name"] == "pmi_replica")
        assert cookie["httpOnly"] and re.fullmatch(r"[0-9a-f]{32}", cookie["value"])

        page.goto(deployment.url + "/")
        page.wait_for_function(f"(n) => ({PAGE_STATE_JS})(n).ready", arg=1,
                               timeout=READY_TIMEOUT_MS * 2, polling=100)
        page.get_by_role("button", name="Unduh").first.click()
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="CSV", exact=True).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.read_text(encoding="utf-8-sig").startswith("#")
    finally:
        context.close()


@pytest.mark.browser
def test_a_load_while_both_replicas_serve_reaches_both_without_a_restart(
        deployment: Deployment, chromium, tmp_path: Path):
    """The replicas read the one store read-only; a load (here from the command line, as a
    maintainer would run it beside them) takes the writer lock, writes a copy and renames it
    over the store; each replica sees the new file on its next run."""
    store = deployment.store
    figures = tmp_path / "bp2mi_2025.csv"
    figures.write_text("tahun,kode_wilayah,jumlah,sumber\n2025,36,4321,uji beban\n",
                       encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "loaders", "load", str(figures), "--db",
                           str(store), "--series", "bp2mi", "--source", "uji muat"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    from tests.browser.conftest import PAGE_STATE_JS, READY_TIMEOUT_MS

    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    try:
        for replica in deployment.replicas:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{replica['port']}/")
            page.wait_for_function(f"(n) => ({PAGE_STATE_JS})(n).ready", arg=1,
                                   timeout=READY_TIMEOUT_MS * 2, polling=100)
            value = page.locator('[data-testid="stMetricValue"]').first.inner_text()
            assert value.strip() == "4.321", (replica, value)
    finally:
        context.close()


# -- last: a replica goes away ------------------------------------------------------------------

@pytest.mark.slow
def test_a_stopped_replica_is_routed_around(deployment: Deployment):
    """nginx's passive health check: the clients of a replica that stops go to the other one
    (they lose their session, as on any restart, and keep reading)."""
    _, headers, _ = request(deployment, "/")
    cookie, pinned = affinity(headers), headers["X-Upstream"]
    victim = next(r for r in deployment.replicas if str(r["port"]) == pinned)
    os.kill(victim["pid"], signal.SIGTERM)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{victim['port']}/_stcore/health",
                                   timeout=1)
        except OSError:
            break
        time.sleep(0.2)
    for _ in range(5):
        status, answer, _ = request(deployment, "/",
                                    headers={"Cookie": f"pmi_replica={cookie}"})
        assert status == 200
        assert answer["X-Upstream"] != pinned
