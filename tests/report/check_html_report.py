#!/usr/bin/env python3
"""`muster report --format html` in a real browser (5.1, docs/report.md).

Writes a journal of tests/report/data/scorecard-year.jsonl, renders its report as JSON and as
HTML, loads the page in headless Chromium (--dump-dom: the DOM after the browser parsed and laid
it out) and checks that it loaded, that it draws its charts as inline SVG with data, that it
fetches nothing and runs no script, and that every figure it shows (data-row / data-figure /
data-value, and the text of the table cells) is the JSON's.

usage: check_html_report.py MUSTER SOURCE_DIR WORK_DIR
Chromium missing is a failure, not a skip: scripts/install-deps.sh installs it (`make test` runs it).
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys


def fail(msg):
    print(f"check_html_report: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


class Page(html.parser.HTMLParser):
    """The marks carrying figures, the charts, and anything that would reach outside the page."""

    def __init__(self):
        super().__init__()
        self.figures = []       # (tag, attrs, text)
        self.charts = []        # data-chart of each <svg class="chart">
        self.chart_marks = {}   # data-chart -> number of <rect> with a data-value inside it
        self.outside = []       # src / href to anything, <script>, <link>
        self.title = ""
        self._stack = []
        self._chart = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "iframe", "img", "object", "embed"):
            self.outside.append(tag)
        for k in ("src", "href", "xlink:href"):
            if k in a:
                self.outside.append(f"{tag} {k}={a[k]}")
        if tag == "title" and self._chart is None:
            self._in_title = True
        if tag == "svg" and "chart" in (a.get("class") or ""):
            self._chart = a.get("data-chart")
            self.charts.append(self._chart)
            self.chart_marks[self._chart] = 0
        if "data-figure" in a:
            if tag == "rect" and self._chart is not None:
                self.chart_marks[self._chart] += 1
            self._stack.append([tag, a, ""])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "svg":
            self._chart = None
        if self._stack and self._stack[-1][0] == tag:
            self.figures.append(tuple(self._stack.pop()))

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._stack:
            self._stack[-1][2] += data


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def figure(doc, row_key, path):
    rows = [doc["total"]] + doc.get("jurisdictions", []) + doc.get("forces", [])
    row = next((r for r in rows if r["key"] == row_key), None)
    if row is None:
        fail(f"the page shows row {row_key}, which the JSON does not have")
    v = row
    for part in path.split("."):
        if not isinstance(v, dict) or part not in v:
            fail(f"the page shows {path} of {row_key}, which the JSON does not have")
        v = v[part]
    return v


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    muster, src, work = sys.argv[1:]
    browser = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        fail("chromium is not installed: the HTML report is checked in a real browser "
             "(install it with scripts/install-deps.sh, or set CHROMIUM to a Chromium binary)")
    os.makedirs(work, exist_ok=True)
    journal = os.path.join(work, "year.journal")
    if os.path.exists(journal):
        os.remove(journal)
    policy, forces = f"{src}/rules/weihai.yaml", f"{src}/rules/weihai-forces.yaml"
    run([muster, "replay", policy, "--forces", forces, f"{src}/tests/report/data/scorecard-year.jsonl", "--journal", journal])
    args = [muster, "report", journal, "--policy", policy, "--forces", forces]
    doc = json.loads(run(args + ["--format", "json"]))
    page_path = os.path.join(work, "report.html")
    with open(page_path, "w", encoding="utf-8") as f:
        f.write(run(args + ["--format", "html"]))

    dom = run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
               "--user-data-dir=" + os.path.join(work, "chromium-profile"), "--dump-dom", "file://" + os.path.abspath(page_path)],
              timeout=120)
    if "</html>" not in dom:
        fail("chromium did not give back the page's DOM")
    page = Page()
    page.feed(dom)
    if "Scorecards (5.1)" not in page.title:
        fail(f"the page's title is {page.title!r}")
    if page.outside:
        fail(f"the page reaches outside itself: {page.outside}")
    want = {"orders.ack_latency", "approvals", "roll_calls", "warnings", "reviews"}
    missing = want - set(page.charts)
    if missing:
        fail(f"charts missing: {sorted(missing)} (drawn: {page.charts})")
    empty = [c for c in want if page.chart_marks.get(c, 0) == 0]
    if empty:
        fail(f"charts without data: {empty}")
    if not page.figures:
        fail("the page shows no figure")

    checked = 0
    for tag, attrs, text in page.figures:
        row, path, shown = attrs["data-row"], attrs["data-figure"], attrs["data-value"]
        expected = figure(doc, row, path)
        if shown != ("null" if expected is None else str(expected)):
            fail(f"{row} {path}: the page shows {shown}, the JSON says {expected}")
        # A table cell of a count shows the count itself.
        if tag == "td" and expected is not None and not path.endswith(("p50", "p90", "percent")) and text.strip() != str(expected):
            fail(f"{row} {path}: the cell reads {text.strip()!r}, the JSON says {expected}")
        checked += 1
    print(f"check_html_report: ok: {len(page.charts)} charts, {checked} figures match the JSON "
          f"({sum(page.chart_marks.values())} bars drawn)")


if __name__ == "__main__":
    main()
