"""The static publication (``python -m loaders publish OUT`` = ``python -m dashboard.publish``):
every file its index lists exists, the images carry their frame, the open-data package is a
valid data package of existing files, and the pages load nothing from another host.

The publication is built once, through the loaders CLI as a maintainer runs it, for the
published series and the sample; rendering needs Chromium (marked slow). The folder-safety
and index tests need no renderer.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashboard import exports, publish
from dashboard.i18n import t
from domain.checksum import sha256_of
from tests.conftest import ROOT


class Links(HTMLParser):
    """Every URL an HTML page refers to (href, src, srcset, action, CSS url())."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if value and name in {"href", "src", "srcset", "action", "poster", "data"}:
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(","))
            if value and name == "style":
                self.urls.extend(re.findall(r"url\(([^)]*)\)", value))

    def handle_data(self, data: str) -> None:
        self.urls.extend(re.findall(r"url\(\s*['\"]?([^)'\"]*)", data))


def links(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def foreign(url: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:|//)", url.strip(), re.IGNORECASE))


# -- without a renderer -----------------------------------------------------------------------

def test_an_existing_folder_is_replaced_only_when_it_is_an_earlier_publication(tmp_path):
    publish.check_replaceable(tmp_path / "absent")
    empty = tmp_path / "empty"
    empty.mkdir()
    publish.check_replaceable(empty)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(publish.PublishError, match="bukan terbitan sebelumnya"):
        publish.check_replaceable(theirs)
    ours = tmp_path / "ours"
    (ours / "bp2mi").mkdir(parents=True)
    (ours / "bp2mi" / "tren.id.svg").write_text("<svg/>", encoding="utf-8")
    (ours / publish.MANIFEST).write_text(json.dumps(
        {"kind": publish.KIND, "files": {"bp2mi/tren.id.svg": "x"}}), encoding="utf-8")
    publish.check_replaceable(ours)
    (ours / "bp2mi" / "added-later.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(publish.PublishError, match=r"added-later\.txt"):
        publish.check_replaceable(ours)
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(publish.PublishError):
        publish.check_replaceable(a_file)


def test_the_index_escapes_text_and_refers_only_to_its_own_files(tmp_path):
    chart = publish.PublishedChart(
        series="contoh", year=2024, key="negara", lang="id", title='<script>x</script> & "q"',
        subtitle="s", coverage="", is_sample=True,
        files={"svg": "contoh/2024/negara.id.svg", "png": "contoh/2024/negara.id.png",
               "csv": "contoh/2024/negara.id.csv"})
    summary = publish.SeriesSummary("contoh", {"id": "Data contoh", "en": "Sample data"}, True,
                                    {"id": "Seluruh Banten 2024", "en": "All of Banten 2024"},
                                    {"id": "Desember 2024", "en": "December 2024"}, [2024])
    page = tmp_path / "index.html"
    page.write_text(publish.index_html("id", [summary], [chart], ["data-terbuka.xlsx"],
                                       dt.datetime(2025, 1, 2, tzinfo=exports.WIB), ""),
                    encoding="utf-8")
    found = links(page)
    assert "script" not in found.tags and "link" not in found.tags
    assert not [u for u in found.urls if foreign(u)]
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text and "DATA CONTOH" in text


def test_a_link_to_the_live_view_names_page_series_year_and_language():
    from dashboard.context import ViewContext
    from domain import filters

    ctx = ViewContext(lang="en", version="v", series="contoh", series_name="Sample",
                      series_note="", series_source="", is_sample=True,
                      state=filters.FilterState(2024, 2024),
                      choices=filters.Choices((2023, 2024), (), (), (), ()), labels={},
                      threshold=5, until=None, default_series="bp2mi")
    kind = next(k for k in publish.CHARTS if k.key == "wilayah")
    assert publish.live_link("https://dasbor.example.go.id/", kind, ctx, 2023) == \
        "https://dasbor.example.go.id/peta?seri=contoh&tahun=2023&lang=en"
    assert publish.live_link("", kind, ctx, 2023) == ""


# -- the real publication ---------------------------------------------------------------------

needs_renderer = pytest.mark.skipif(
    not exports.renderer_available(),
    reason="no Chromium (/usr/bin/chromium or BROWSER_PATH); CI installs it")


@pytest.fixture(scope="module")
def published(shipped_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publication of the published series and the sample, made by the maintainers'
    command."""
    out = tmp_path_factory.mktemp("publication") / "terbitan"
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "publish", str(out), "--db", str(shipped_store),
         "--series", "bp2mi", "--series", "contoh", "--years", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "terbitan ditulis" in done.stdout
    assert "No runtime found" not in done.stderr
    return out


def manifest(out: Path) -> dict:
    return json.loads((out / publish.MANIFEST).read_text(encoding="utf-8"))


def svg_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return " ".join(html.unescape(text).split())


@pytest.mark.slow
@needs_renderer
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_file_the_index_lists_exists(published: Path, lang: str):
    page = published / publish.INDEX[lang]
    urls = links(page).urls
    local = [u.split("#")[0] for u in urls if u and not u.startswith("#")]
    assert len(local) > 20
    for url in local:
        assert (published / url).is_file(), url
    other = "en" if lang == "id" else "id"
    assert publish.INDEX[other] in local
    listed = {path for chart in manifest(published)["charts"] if chart["lang"] == lang
              for path in chart["files"].values()}
    assert listed <= set(local)


@pytest.mark.slow
@needs_renderer
def test_the_manifest_lists_every_file_with_its_checksum(published: Path):
    files = manifest(published)["files"]
    present = {p.relative_to(published).as_posix() for p in published.rglob("*")
               if p.is_file()} - {publish.MANIFEST}
    assert set(files) == present
    for name, digest in files.items():
        assert sha256_of(published / name) == digest, name
    publish.check_replaceable(published)  # the next run may replace it


@pytest.mark.slow
@needs_renderer
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_pages_load_nothing_from_another_host(published: Path, lang: str):
    found = links(published / publish.INDEX[lang])
    assert not [u for u in found.urls if foreign(u)]
    assert "script" not in found.tags and "link" not in found.tags and "iframe" not in found.tags
    text = (published / publish.INDEX[lang]).read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text and "//" not in \
        re.sub(r"<[^>]*>", "", text).replace("://", "")  # no protocol-relative reference
    for svg in published.rglob("*.svg"):
        body = svg.read_text(encoding="utf-8")
        assert not re.search(r"""(href|src)=["']https?:""", body), svg
        assert not re.search(r"url\(\s*['\"]?https?:", body), svg


@pytest.mark.slow
@needs_renderer
def test_every_chart_image_carries_title_source_and_dates(published: Path):
    record = manifest(published)
    created = dt.datetime.fromisoformat(record["created"].replace("Z", "+00:00"))
    charts = record["charts"]
    assert {(c["series"], c["key"]) for c in charts} >= {
        ("bp2mi", "tren"), ("bp2mi", "wilayah"), ("contoh", "tren"), ("contoh", "skema"),
        ("contoh", "wilayah"), ("contoh", "sektor"), ("contoh", "negara")}
    for chart in charts:
        lang = chart["lang"]
        text = svg_text(published / chart["files"]["svg"])
        assert chart["title"] in text, (chart["files"]["svg"], chart["title"])
        assert ("Sumber:" if lang == "id" else "Source:") in text
        assert exports.date_text(created.astimezone(exports.WIB).date(), lang) in text
        until = "Data s.d." if lang == "id" else "Data up to"
        assert until in text, text[-400:]
        marked = t("chart.sample_mark", lang) in text
        assert marked == (chart["series"] == "contoh"), chart["files"]["svg"]
        png = (published / chart["files"]["png"]).read_bytes()
        assert exports.png_size(png)[0] == exports.DEFAULT_WIDTH * exports.DEFAULT_SCALE
        table = (published / chart["files"]["csv"]).read_text(encoding="utf-8-sig")
        assert table.startswith("#")
        assert ("DATA CONTOH" in table or "SAMPLE DATA" in table) == \
            (chart["series"] == "contoh")


@pytest.mark.slow
@needs_renderer
def test_a_partial_total_is_never_called_the_whole_province(published: Path):
    """The published series covers some regencies in some years: the images say so."""
    trend = svg_text(published / "bp2mi" / "tren.id.svg")
    assert "2018–2022 hanya Kota Cilegon" in trend
    regions = svg_text(published / "bp2mi" / "2024" / "wilayah.id.svg")
    assert "4 dari 8 kabupaten/kota yang angkanya diterbitkan" in regions
    assert "Seluruh Banten" not in regions
    english = svg_text(published / "bp2mi" / "2024" / "wilayah.en.svg")
    assert "4 of 8 regencies/cities with published figures" in english
    page = (published / "index.html").read_text(encoding="utf-8")
    assert "2018–2022 hanya Kota Cilegon" in page
    assert t("publish.sample_note", "id") in page.replace("&quot;", '"')


@pytest.mark.slow
@needs_renderer
def test_the_open_data_package_is_valid_and_complete(published: Path):
    folder = published / publish.OPEN_DATA_DIR
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "pmi-banten" and package["licenses"]
    assert "contoh" in package["sample_series"]
    names = [resource["name"] for resource in package["resources"]]
    assert {"penempatan", "batch", "seri", "cakupan"} <= set(names)
    for resource in package["resources"]:
        path = folder / resource["path"]
        assert path.is_file(), resource["path"]
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
    assert (published / publish.OPEN_DATA_XLSX).read_bytes()[:2] == b"PK"
