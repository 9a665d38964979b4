#!/usr/bin/env python3
"""Runs axe-core in headless Chromium and `allmenning validate --plugin accessibility` on the
same pages and prints, per W3C ACT rule, where they agree, and the time per page of each.
Run it through Scripts/axe-comparison.sh, which installs Chromium, chromedriver and
axe-selenium-python and builds the release binaries first.

Pages, in three sets:
  act      the ACT rules' development cases (shared/data/act-rules/cases.jsonl), one page each;
           besides agreement, each tool's accuracy against the case's expected outcome (judged
           as shared/tools/act-score.py judges: failed = flagged, otherwise not reported).
  content  every HTML and Markdown page of the resources in Content/. Markdown is compared on
           the HTML the plugin checks: cmark-gfm's rendering with the plugin's own options
           (`allmenning-accessibility-benchmark render`), which axe gets wrapped in a minimal
           page (<html lang> = the resource's first language, <title> = the first h1, a
           viewport, the fragment inside <main>), because the catalogue shows rendered Markdown
           inside a page of its own. Page-level rules are therefore out of scope for Markdown
           on both sides (the plugin treats rendered Markdown as a fragment).
  corpus   the generated pages of Scripts/make-accessibility-corpus.py (corpus.jsonl says which
           faults were put into which page: the "injected" columns count how many of those
           pages each tool flags for the rule).

Both tools see the pages as served by a local HTTP server (127.0.0.1; every other host name
fails to resolve, so nothing leaves the machine). axe-core is the copy axe-selenium-python
bundles; the ACT ids of its rules are read from it at run time (`axe.getRules()`, the rules'
`actIds`), and only the rules mapped to an ACT rule of rules.json (or one the plugin claims)
run (`runOnly`; that makes axe faster than its default run, so the speed ratio errs in axe's
favour; it also leaves out the rules that wait up to 10 s for media or style sheets to load). Frames are not entered
(`iframes: false`): the plugin checks a frame's page as a file of its own. axe is loaded into
every page before the page's scripts (DevTools `Page.addScriptToEvaluateOnNewDocument`, in the
top frame only), not sent over WebDriver for each page.

A tool flags a page for an ACT rule when axe reports a violation of a rule mapped to it (an
"incomplete", needs-review result is counted apart, not as a flag), or when the plugin reports a
finding with the rule's id and severity error or warning.

Time per page:
  axe          navigation (load event, images, frames) and axe.run, measured in this script;
               the browser's start is not included, one untimed page warms it up.
  CLI          `allmenning validate --plugin accessibility --format json` as one process per
               page (for Content/: per resource, divided by its pages), and as one process for
               the whole set, divided by its pages. Every plugin runs (validate filters by plugin
               after checking) with a fresh, empty data folder, so no cached result is reused.
  in-process   the plugin host with the accessibility plugin alone and no cache, on the folder's
               files in memory (`allmenning-accessibility-benchmark pages`): every page's
               parse and rules and the whole-resource check, the median of 5 runs, divided by
               the folder's pages; no process start, no other plugin, no manifest check.
"""

import argparse
import collections
import html
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

FLAGGING = {"error", "warning"}


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Pages


class Page:
    def __init__(self, set_name, name, file, url, folder):
        self.set = set_name
        self.name = name
        self.file = file          # the file on disk the plugin reads
        self.url = url            # where the browser loads it
        self.folder = folder      # the folder `validate` is given (a case, a resource, a corpus page)
        self.case = None          # ACT cases: {"rule", "expected", "example"}
        self.injected = set()     # corpus: ACT ids of the faults put in
        self.ours_cli = None      # {"reported": {rule: {severities}}, "error": str|None}
        self.ours_batch = None
        self.cli_seconds = None
        self.inprocess_seconds = None
        self.inprocess_rules = None
        self.axe = None           # {"violations": [...], "incomplete": [...], "error": str|None}
        self.axe_seconds = None
        self.axe_load_seconds = None


def act_pages(cases_path, work, limit):
    folder = os.path.join(work, "act")
    shutil.rmtree(folder, ignore_errors=True)
    pages = []
    with open(cases_path, encoding="utf-8") as fh:
        cases = [json.loads(line) for line in fh if line.strip()]
    for index, case in enumerate(cases[:limit] if limit else cases, 1):
        name = f"case-{index:04d}"
        case_folder = os.path.join(folder, name)
        os.makedirs(case_folder)
        file = os.path.join(case_folder, "index.html")
        # Written as act-score.py writes it.
        with open(file, "w", encoding="utf-8") as out:
            out.write(case["html"] if case["html"].endswith("\n") else case["html"] + "\n")
        page = Page("act", name, file, f"/act/{name}/index.html", case_folder)
        page.case = {"rule": str(case["rule"]).strip().lower(), "expected": case["expected"], "example": case["example"]}
        pages.append(page)
    return pages


def content_pages(content, limit):
    pages = []
    for resource in sorted(os.listdir(content)):
        folder = os.path.join(content, resource)
        if resource.startswith(".") or not os.path.isfile(os.path.join(folder, "resource.yaml")):
            continue
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for file in sorted(files):
                if os.path.splitext(file)[1].lower() in (".html", ".htm", ".md", ".markdown"):
                    path = os.path.join(root, file)
                    relative = os.path.relpath(path, content)
                    pages.append(Page("content", relative, path, "/content/" + relative.replace(os.sep, "/"), folder))
    return pages[:limit] if limit else pages


def corpus_pages(corpus, limit):
    pages = []
    with open(os.path.join(corpus, "corpus.jsonl"), encoding="utf-8") as fh:
        entries = [json.loads(line) for line in fh if line.strip()]
    for entry in entries[:limit] if limit else entries:
        path = os.path.join(corpus, entry["path"])
        page = Page("corpus", os.path.dirname(entry["path"]), path, "/corpus/" + entry["path"], os.path.dirname(path))
        page.injected = {act for fault in entry["faults"] for act in fault["act"]}
        pages.append(page)
    return pages


# ---------------------------------------------------------------------------------------------
# Markdown for the browser: the plugin's rendering inside a minimal page


def markdown_shell(page, benchmark):
    fragment = subprocess.run([benchmark, "render", page.file], check=True, capture_output=True).stdout.decode("utf-8")
    language = "und"
    try:
        with open(os.path.join(page.folder, "resource.yaml"), encoding="utf-8") as fh:
            manifest = fh.read()
        found = re.search(r"^language:\s*(?:\[\s*|\n\s*-\s*)?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", manifest, re.M)
        if found:
            language = found.group(1)
    except OSError:
        pass
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", fragment, re.S)
    title = re.sub(r"<[^>]+>", "", heading.group(1)).strip() if heading else os.path.basename(page.file)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n</head>\n'
            f"<body>\n<main>\n{fragment}</main>\n</body>\n</html>\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The local web server the browser loads pages from


def serve(mounts, rendered, nowhere):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            path = urllib.parse.unquote(path.split("?", 1)[0].split("#", 1)[0])
            for prefix, folder in mounts.items():
                if path.startswith(prefix + "/"):
                    parts = [part for part in path[len(prefix):].split("/") if part not in ("", ".", "..")]
                    return os.path.join(folder, *parts)
            return nowhere  # /favicon.ico, /test-assets/… of the ACT cases: 404

        def send_head(self):
            file = self.translate_path(self.path)
            if file in rendered:
                body = rendered[file]
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return _Body(body)
            return super().send_head()

        def log_message(self, *args):
            pass

    class _Body:
        def __init__(self, data):
            self.data = data

        def read(self, *args):
            data, self.data = self.data, b""
            return data

        def close(self):
            pass

    Handler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8",
                              ".vtt": "text/vtt", ".svg": "image/svg+xml"}
    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # a browser that drops a connection mid-answer is no news

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------------------------------------
# Allmenning


def read_report(stdout):
    report = json.loads(stdout)
    resources = report["resources"] if "resources" in report else [report]
    return resources


def findings_by_file(resource_report, folder):
    """{absolute file: {rule: {severities}}} for the accessibility findings of one resource."""
    result = collections.defaultdict(lambda: collections.defaultdict(set))
    for finding in resource_report.get("findings", []):
        if finding.get("plugin") != "accessibility" or not finding.get("rule"):
            continue
        path = os.path.normpath(os.path.join(folder, finding.get("path") or ""))
        result[path][str(finding["rule"]).lower()].add(finding.get("severity"))
    return result


def run_cli(binary, folders, data):
    command = [binary, "validate", "--plugin", "accessibility", "--format", "json", "--data", data] + folders
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        return seconds, None, f"exit {process.returncode}: {process.stderr.decode(errors='replace').strip()[-200:]}"
    try:
        return seconds, read_report(process.stdout), None
    except (ValueError, KeyError) as error:
        return seconds, None, f"not a report: {error}"


def ours_cli(pages, binary, scratch):
    """One process per folder (a case, a corpus page, a resource), then one for the whole set."""
    by_folder = collections.OrderedDict()
    for page in pages:
        by_folder.setdefault(page.folder, []).append(page)
    data = tempfile.mkdtemp(prefix="data-", dir=scratch)
    for number, (folder, members) in enumerate(by_folder.items(), 1):
        seconds, resources, error = run_cli(binary, [folder], data)
        files = findings_by_file(resources[0], folder) if resources else {}
        for page in members:
            page.cli_seconds = seconds / len(members)
            page.ours_cli = {"reported": files.get(os.path.normpath(page.file), {}), "error": error}
        if number % 200 == 0:
            log(f"  allmenning: {number}/{len(by_folder)} folders")
    # The whole set in one process (the fixed cost of start-up shared by all pages).
    data = tempfile.mkdtemp(prefix="data-", dir=scratch)
    seconds, resources, error = run_cli(binary, list(by_folder), data)
    batch_files = {}
    if resources:
        for folder, report in zip(by_folder, resources):
            batch_files.update(findings_by_file(report, folder))
    for page in pages:
        page.ours_batch = {"reported": batch_files.get(os.path.normpath(page.file), {}), "error": error}
    return seconds


def ours_inprocess(pages, benchmark):
    """The plugin host with the accessibility plugin alone, in one process, per folder."""
    by_folder = collections.OrderedDict()
    for page in pages:
        by_folder.setdefault(os.path.abspath(page.folder), []).append(page)
    listing = "".join(folder + "\n" for folder in by_folder)
    process = subprocess.run([benchmark, "pages", "5"], input=listing.encode(), capture_output=True, check=True)
    for line in process.stdout.decode().splitlines():
        result = json.loads(line)
        members = by_folder[result["folder"]]
        files = collections.defaultdict(lambda: collections.defaultdict(set))
        for finding in result["findings"]:
            if finding.get("rule"):
                path = os.path.normpath(os.path.join(result["folder"], finding.get("path") or ""))
                files[path][finding["rule"].lower()].add(finding["severity"])
        for page in members:
            page.inprocess_seconds = result["seconds"] / len(members)
            page.inprocess_rules = files.get(os.path.normpath(os.path.abspath(page.file)), {})


# ---------------------------------------------------------------------------------------------
# axe-core in Chromium

RUN_AXE = """
var done = arguments[arguments.length - 1];
if (!window.axe) { done({error: "axe-core is not loaded in this page"}); return; }
axe.run(document, arguments[0]).then(function (results) {
  done({href: location.href,
        violations: results.violations.map(function (r) { return r.id; }),
        incomplete: results.incomplete.map(function (r) { return r.id; }),
        ran: results.passes.length + results.violations.length + results.incomplete.length + results.inapplicable.length});
}).catch(function (error) { done({error: String(error)}); });
"""


class Browser:
    def __init__(self, axe_script):
        os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager fetch a driver
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        self.webdriver, self.Service = webdriver, Service
        with open(axe_script, encoding="utf-8") as fh:
            self.axe_source = fh.read()
        self.start()

    def start(self):
        options = self.webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio",
                         "--disable-extensions", "--no-first-run", "--window-size=1280,1024",
                         # Nothing leaves the machine: every name but the local server's fails.
                         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
            options.add_argument(argument)
        options.set_capability("unhandledPromptBehavior", "dismiss")
        started = time.perf_counter()
        self.driver = self.webdriver.Chrome(options=options,
                                            service=self.Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(60)
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": "if (window === window.top) {\n" + self.axe_source + "\n}"})
        self.start_seconds = time.perf_counter() - started
        self.version = self.driver.capabilities.get("browserVersion", "?")

    def rules(self, url):
        self.driver.get(url)
        return self.driver.execute_script(
            "return {version: axe.version, rules: axe.getRules().map(function (r) { return {id: r.ruleId, actIds: r.actIds || []}; })};")

    def check(self, url, options):
        """(seconds, seconds of it until the load event, result)."""
        started = time.perf_counter()
        loaded = None
        try:
            self.driver.get(url)
            loaded = time.perf_counter() - started
            result = self.driver.execute_async_script(RUN_AXE, options)
        except Exception as error:  # a page that navigates away, hangs or kills the tab
            seconds = time.perf_counter() - started
            message = str(error).strip().splitlines()[0][:160] if str(error).strip() else type(error).__name__
            try:
                self.driver.get("about:blank")
            except Exception:  # the browser is gone: a new one for the next page
                try:
                    self.driver.quit()
                except Exception:
                    pass
                self.start()
            return seconds, loaded, {"violations": [], "incomplete": [], "error": message}
        seconds = time.perf_counter() - started
        if result.get("error"):
            return seconds, loaded, {"violations": [], "incomplete": [], "error": result["error"]}
        if result.get("href", "").split("#")[0] != url.split("#")[0]:
            return seconds, loaded, {"violations": [], "incomplete": [], "error": f"the page navigated to {result.get('href')}"}
        return seconds, loaded, {"violations": result["violations"], "incomplete": result["incomplete"], "error": None}

    def close(self):
        self.driver.quit()


def run_axe(pages, base, axe_script, compared):
    """Runs the axe rules mapped to one of the `compared` ACT rules on every page."""
    browser = Browser(axe_script)
    log(f"  Chromium {browser.version} started in {browser.start_seconds:.2f} s (not counted)")
    metadata = browser.rules(base + pages[0].url)
    mapped = {rule["id"]: [act.lower() for act in rule["actIds"]] for rule in metadata["rules"]
              if {act.lower() for act in rule["actIds"]} & compared}
    options = {"runOnly": {"type": "rule", "values": sorted(mapped)}, "resultTypes": ["violations"], "iframes": False}
    browser.check(base + pages[0].url, options)  # warm-up, not counted
    for number, page in enumerate(pages, 1):
        page.axe_seconds, page.axe_load_seconds, page.axe = browser.check(base + page.url, options)
        if number % 200 == 0:
            log(f"  axe: {number}/{len(pages)} pages")
    browser.close()
    return metadata["version"], browser.version, mapped


# ---------------------------------------------------------------------------------------------
# The report


def ratio(numerator, denominator):
    return f"{numerator / denominator:.3f}" if denominator else "-"


def milliseconds(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"mean {1000 * statistics.mean(values):8.2f} ms, median {1000 * statistics.median(values):8.2f} ms"


def judge(page, rule, axe_rules_for):
    """((axe flags, axe needs review), (ours flags, ours reports)) for one page and ACT rule,
    None in place of a tool that could not check the page."""
    axe = None
    if page.axe is not None and not page.axe["error"]:
        rules = axe_rules_for.get(rule, [])
        flagged = any(r in rules for r in page.axe["violations"])
        review = not flagged and any(r in rules for r in page.axe["incomplete"])
        axe = (flagged, review)
    ours = None
    if page.ours_cli is not None and not page.ours_cli["error"]:
        severities = page.ours_cli["reported"].get(rule, set())
        ours = (bool(severities & FLAGGING), bool(severities))
    return axe, ours


def report(sets, rules_json, claimed, axe_rules_for, axe_version, chromium, batch_seconds):
    names = {rule["id"]: rule["name"] for rule in rules_json}
    order = [rule["id"] for rule in rules_json] + sorted(set(claimed) - {rule["id"] for rule in rules_json})
    print(f"axe-core {axe_version} (axe-selenium-python) in headless Chromium {chromium}: "
          f"the {len({r for v in axe_rules_for.values() for r in v})} axe rules mapped to {len(axe_rules_for)} of the "
          f"{len(order)} ACT rules compared (rules.json and those the plugin claims)")
    print(f"allmenning: {len(claimed)} ACT rules claimed by the accessibility plugin: {', '.join(sorted(claimed)) or 'none'}")
    print("flag = axe violation of a mapped rule / plugin finding with the rule id at error or warning; "
          "axe-? = axe needs review (incomplete), not counted as a flag")
    shared = collections.defaultdict(list)
    for act, axe_rules in axe_rules_for.items():
        for axe_rule in axe_rules:
            shared[axe_rule].append(act)
    several = [f"{axe_rule} ({', '.join(acts)})" for axe_rule, acts in sorted(shared.items()) if len(acts) > 1]
    if several:
        # axe's actIds say which ACT rules an axe rule helps test, not that each violation fails
        # all of them: such a violation counts as a flag for each, so "axe only" is an upper bound.
        print("axe rules mapped to several ACT rules, a violation counting for each: " + "; ".join(several))
    overall = {"both": 0, "pairs": 0}
    timing_rows = []
    for set_name, title, pages in sets:
        if not pages:
            continue
        print()
        print(f"== {title}: {len(pages)} pages ==")
        is_act = set_name == "act"
        is_corpus = set_name == "corpus"
        header = f"{'rule':<8} {'pages':>5} {'both':>5} {'axe':>5} {'ours':>5} {'none':>5} {'agree':>6} {'axe-?':>5} {'err':>4}"
        if is_act:
            header += f" {'axe-acc':>7} {'our-acc':>7}"
        if is_corpus:
            header += f" {'inj':>4} {'axe@inj':>7} {'our@inj':>7}"
        header += "  covered by  name"
        print(header)
        print("-" * len(header))
        set_agree = [0, 0]
        for rule in order:
            axe_rules = axe_rules_for.get(rule, [])
            ours_claims = rule in claimed
            if not is_act and not axe_rules and not ours_claims:
                continue
            members = [p for p in pages if p.case["rule"] == rule] if is_act else pages
            if not members:
                continue
            counts = collections.Counter()
            axe_correct = ours_correct = judged_axe = judged_ours = 0
            for page in members:
                axe, ours = judge(page, rule, axe_rules_for)
                if axe is None or ours is None:
                    counts["err"] += 1
                if axe is not None and axe[1]:
                    counts["review"] += 1
                if axe is not None and ours is not None:
                    key = {(True, True): "both", (True, False): "axe", (False, True): "ours", (False, False): "none"}[(axe[0], ours[0])]
                    counts[key] += 1
                if is_act:
                    failed = page.case["expected"] == "failed"
                    if axe is not None:
                        judged_axe += 1
                        axe_correct += (axe[0] == failed)
                    if ours is not None:
                        judged_ours += 1
                        ours_correct += ours[0] if failed else not ours[1]
                if is_corpus and rule in page.injected:
                    counts["injected"] += 1
                    counts["axe@inj"] += bool(axe and axe[0])
                    counts["ours@inj"] += bool(ours and ours[0])
            compared = counts["both"] + counts["axe"] + counts["ours"] + counts["none"]
            agree = counts["both"] + counts["none"]
            if axe_rules and ours_claims:
                set_agree[0] += agree
                set_agree[1] += compared
            coverage = ("axe+ours" if axe_rules and ours_claims else "axe" if axe_rules else "ours" if ours_claims else "neither")
            line = (f"{rule:<8} {len(members):>5} {counts['both']:>5} {counts['axe']:>5} {counts['ours']:>5} {counts['none']:>5} "
                    f"{ratio(agree, compared):>6} {counts['review']:>5} {counts['err']:>4}")
            if is_act:
                line += f" {ratio(axe_correct, judged_axe) if axe_rules else '-':>7} {ratio(ours_correct, judged_ours) if ours_claims else '-':>7}"
            if is_corpus:
                line += f" {counts['injected']:>4} {counts['axe@inj']:>7} {counts['ours@inj']:>7}"
            line += f"  {coverage:<10}  {names.get(rule, '')[:60]}"
            if axe_rules:
                line += f"  [{', '.join(axe_rules)}]"
            print(line)
        overall["both"] += set_agree[0]
        overall["pairs"] += set_agree[1]
        axe_errors = [p for p in pages if p.axe and p.axe["error"]]
        ours_errors = [p for p in pages if p.ours_cli and p.ours_cli["error"]]
        differing = sum(1 for p in pages if p.ours_cli and p.ours_batch and p.inprocess_rules is not None and
                        not (dict(p.ours_cli["reported"]) == dict(p.ours_batch["reported"]) == dict(p.inprocess_rules)))
        print(f"agreement over the rules both tools cover: {ratio(*set_agree)} ({set_agree[0]} of {set_agree[1]} page×rule pairs)")
        print(f"pages axe could not check: {len(axe_errors)}; pages allmenning could not check: {len(ours_errors)}; "
              f"pages whose plugin findings differ between one CLI process per page, one for the set and in-process: {differing}")
        for page in axe_errors[:5]:
            print(f"  axe: {page.name}: {page.axe['error']}")
        for page in ours_errors[:5]:
            print(f"  allmenning: {page.name}: {page.ours_cli['error']}")
        timing_rows.append((title, pages, batch_seconds[set_name]))

    print()
    print("== time per page ==")
    all_axe, all_cli, all_in, all_batch, all_count = [], [], [], 0.0, 0
    for title, pages, batch in timing_rows:
        axe = [p.axe_seconds for p in pages if p.axe_seconds is not None]
        cli = [p.cli_seconds for p in pages if p.cli_seconds is not None]
        inproc = [p.inprocess_seconds for p in pages if p.inprocess_seconds is not None]
        all_axe += axe
        all_cli += cli
        all_in += inproc
        all_batch += batch
        all_count += len(pages)
        print(f"{title} ({len(pages)} pages):")
        print(f"  axe-core, load + run               {milliseconds(axe)}")
        print(f"    of which loading the page        {milliseconds([p.axe_load_seconds for p in pages])}")
        print(f"  allmenning CLI, a process a page   {milliseconds(cli)}")
        print(f"  allmenning CLI, one for the set    mean {1000 * batch / len(pages):8.2f} ms ({batch:.2f} s in all)")
        print(f"  plugin in-process (plugin host)    {milliseconds(inproc)}")
    if all_axe and all_cli and all_in:
        axe_mean = statistics.mean(all_axe)
        print(f"all sets ({all_count} pages): axe {1000 * axe_mean:.2f} ms a page (mean)")
        for label, value in (("allmenning CLI, a process a page", statistics.mean(all_cli)),
                             ("allmenning CLI, one process a set", all_batch / all_count),
                             ("plugin in-process", statistics.mean(all_in))):
            verdict = "at least 50x: yes" if axe_mean / value >= 50 else "at least 50x: no"
            print(f"  speed ratio axe / {label:<34} {axe_mean / value:8.1f}x  ({1000 * value:.3f} ms a page; {verdict})")
    if overall["pairs"]:
        print(f"agreement over all sets, rules both tools cover: {ratio(overall['both'], overall['pairs'])} "
              f"({overall['both']} of {overall['pairs']} page×rule pairs)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allmenning", required=True, help="the allmenning binary (release build)")
    parser.add_argument("--benchmark", required=True, help="the allmenning-accessibility-benchmark binary")
    parser.add_argument("--cases", required=True, help="shared/data/act-rules/cases.jsonl")
    parser.add_argument("--rules-json", required=True, help="shared/data/act-rules/rules.json")
    parser.add_argument("--content", required=True, help="the Content/ folder")
    parser.add_argument("--corpus", required=True, help="a folder written by make-accessibility-corpus.py")
    parser.add_argument("--work", required=True, help="a folder for the materialised cases and results")
    parser.add_argument("--sets", default="act,content,corpus", help="which sets (default all three)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages a set (for trying the script)")
    args = parser.parse_args(argv)
    import axe_selenium_python.axe as axe_module  # the venv's; bundles axe.min.js

    wanted = set(args.sets.split(","))
    os.makedirs(args.work, exist_ok=True)
    work = os.path.abspath(args.work)
    scratch = tempfile.mkdtemp(prefix="scratch-", dir=work)
    started = time.perf_counter()
    try:
        sets = [
            ("act", "ACT development cases", act_pages(args.cases, work, args.limit) if "act" in wanted else []),
            ("content", "Content/ (HTML, and Markdown as rendered)", content_pages(os.path.abspath(args.content), args.limit)
             if "content" in wanted else []),
            ("corpus", "generated corpus", corpus_pages(os.path.abspath(args.corpus), args.limit) if "corpus" in wanted else []),
        ]
        every = [page for _, _, pages in sets for page in pages]
        with open(args.rules_json, encoding="utf-8") as fh:
            rules_json = json.load(fh)["rules"]
        plugins = json.loads(subprocess.run([args.allmenning, "plugins", "list", "--format", "json", "--data",
                                             os.path.join(scratch, "plugins-data")], check=True, capture_output=True).stdout)
        claimed = {r.lower() for p in plugins["plugins"] if p["name"] == "accessibility" for r in p.get("publicRules", [])}

        log(f"axe-comparison: {len(every)} pages")
        batch_seconds = {}
        for set_name, _, pages in sets:
            if pages:
                log(f"  allmenning CLI on {set_name} ({len(pages)} pages)")
                batch_seconds[set_name] = ours_cli(pages, args.allmenning, scratch)
        log("  allmenning in-process")
        ours_inprocess(every, args.benchmark)

        rendered = {}
        for page in every:
            if page.set == "content" and page.file.lower().endswith((".md", ".markdown")):
                rendered[page.file] = markdown_shell(page, args.benchmark)
        mounts = {"/act": os.path.join(work, "act"), "/content": os.path.abspath(args.content),
                  "/corpus": os.path.abspath(args.corpus)}
        server = serve(mounts, rendered, os.path.join(scratch, "not-served"))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        log(f"  axe-core on {len(every)} pages through {base}")
        compared = {rule["id"] for rule in rules_json} | claimed
        axe_version, chromium, mapped = run_axe(every, base, axe_module._DEFAULT_SCRIPT, compared)
        server.shutdown()
        axe_rules_for = collections.defaultdict(list)
        for axe_rule, acts in sorted(mapped.items()):
            for act in acts:
                if act in compared:
                    axe_rules_for[act].append(axe_rule)

        report(sets, rules_json, claimed, axe_rules_for, axe_version, chromium, batch_seconds)
        with open(os.path.join(work, "results.jsonl"), "w", encoding="utf-8") as out:
            for page in every:
                out.write(json.dumps({
                    "set": page.set, "page": page.name, "case": page.case, "injected": sorted(page.injected),
                    "axe": page.axe, "axe_seconds": page.axe_seconds, "axe_load_seconds": page.axe_load_seconds,
                    "allmenning": {rule: sorted(s) for rule, s in (page.ours_cli or {}).get("reported", {}).items()},
                    "allmenning_error": (page.ours_cli or {}).get("error"),
                    "cli_seconds": page.cli_seconds, "inprocess_seconds": page.inprocess_seconds}, ensure_ascii=False) + "\n")
        print(f"(per-page results in {os.path.relpath(os.path.join(work, 'results.jsonl'))}; "
              f"the comparison took {time.perf_counter() - started:.0f} s)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
