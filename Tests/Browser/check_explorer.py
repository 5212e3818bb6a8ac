#!/usr/bin/env python3
"""Checks the explorer page in headless Chromium against Kelvin's own JSON output.

For each state (given in the URL fragment) the page is loaded with --dump-dom and the figures
it shows are compared with `kelvin softmax`, `kelvin thermo` (finite τ; the limits against
their closed forms) and `kelvin process` on the chain the state describes, in the order it
names. Both the full-precision value each figure carries (data-value, data-p) and the text a
person reads are checked. Run by Tests/Browser/run.sh.
"""
import argparse
import html.parser
import json
import math
import os
import subprocess
import sys

# Pages: (name, extra explore arguments, logits as given on the command line).
PAGES = {
    "napkin": ([], "2,1,0.5,0.1"),
    "ties": (["--logits", "3,1,-inf,1,0,2"], "3,1,-inf,1,0,2"),
    "huge": (["--logits", "1e30,-1e30,0,5e29"], "1e30,-1e30,0,5e29"),
}
# States: (page, tau, top_k, top_p, min_p, order).
STATES = [
    ("napkin", "0.5", 0, 0.9, 0, "llama"),
    ("napkin", "0.5", 0, 0.9, 0, "hf"),
    ("napkin", "0", 0, 0.9, 0, "llama"),
    ("napkin", "0", 0, 0.9, 0, "hf"),
    ("napkin", "inf", 0, 0.9, 0, "llama"),
    ("napkin", "inf", 0, 0.9, 0, "hf"),
    ("napkin", "1", 2, 1, 0, "llama"),
    ("napkin", "2", 3, 1, 0.3, "hf"),
    ("napkin", "2", 3, 1, 0.3, "llama"),
    ("napkin", "0.7", 0, 0.8, 0.05, "hf"),
    ("napkin", "1e-30", 0, 0.9, 0, "hf"),
    ("napkin", "1e30", 0, 0.6, 0, "hf"),
    ("napkin", "0.25", 0, 1, 0.5, "llama"),
    ("napkin", "4", 0, 0.6, 0, "hf"),
    ("napkin", "1.5", 1, 1, 0, "hf"),
    ("ties", "1", 2, 1, 0, "llama"),
    ("ties", "0", 0, 1, 0, "hf"),
    ("ties", "inf", 3, 1, 0, "hf"),
    ("ties", "inf", 0, 0.7, 0, "llama"),
    ("ties", "0.5", 0, 1, 0.2, "hf"),
    ("ties", "3", 4, 0.95, 0, "llama"),
    ("huge", "1e30", 0, 1, 0, "hf"),
    ("huge", "1", 0, 0.9, 0, "llama"),
    ("huge", "1e29", 0, 0.9, 0, "llama"),
]
SCREENSHOTS = [0, 1, 2, 5, 15]  # states photographed at both widths
WIDTHS = [375, 1280]


class Dom(html.parser.HTMLParser):
    """Elements by id (attributes and text) and the rows of the two tables."""

    def __init__(self):
        super().__init__()
        self.by_id, self.rows, self.body = {}, {"softmax-table": [], "survivors": []}, {}
        self.stack, self.table, self.row = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        element = {"tag": tag, "attrs": a, "text": ""}
        if "id" in a:
            self.by_id[a["id"]] = element
            if a["id"] in self.rows:
                self.table = a["id"]
        if tag == "tr" and self.table and "data-token" in a:
            self.row = {"attrs": a, "cells": []}
            self.rows[self.table].append(self.row)
        if tag == "td" and self.row is not None:
            self.row["cells"].append("")
        if tag not in ("br", "input", "meta", "line", "rect", "circle", "polyline"):
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
        if tag == "tr":
            self.row = None
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.stack:
            element["text"] += data
        if self.row is not None and self.row["cells"]:
            self.row["cells"][-1] += data


failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def close(a, b, rel, abs_=0.0):
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def shown_number(text):
    """A figure as a person reads it: '−2.0943', '4.1885e+30', '→ ∞', '82.82%'."""
    t = text.strip().replace("−", "-")
    if t == "→ ∞":
        return math.inf
    if t == "→ -∞":
        return -math.inf
    if t.endswith("%"):
        return float(t[:-1]) / 100
    return float(t)


def shown_close(text, value, what):
    """The text agrees with the value to the digits it shows."""
    shown = shown_number(text)
    ok = close(shown, value, 5.1e-5, 5.1e-5) if not text.strip().endswith("%") else close(
        shown, value, 5.1e-3, 5.1e-5)
    check(ok, f"{what}: shows {text!r}, expected {value!r}")


def kelvin_json(kelvin, *args):
    result = subprocess.run([kelvin, *args, "--format", "json"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"kelvin {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout)


BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--allow-file-access-from-files", "--virtual-time-budget=3000"]


def framed(out, page, fragment, width, number):
    """A page that shows the explorer in an iframe exactly `width` px wide.

    Headless Chromium lays a window out at least 500 px wide whatever --window-size says (the
    screenshot is only cropped), so the narrow viewport is the iframe's. The frame copies the
    explorer's own overflow measurement to its body for --dump-dom.
    """
    path = os.path.abspath(os.path.join(out, f"frame{number:02d}-{width}.html"))
    height = 2800 if width < 500 else 1400
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="{os.path.basename(page)}#{fragment}" style="border:0;width:{width}px;height:{height}px"></iframe>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const inner = document.getElementById("f").contentDocument.body.dataset;
  Object.assign(document.body.dataset, {{ overflow: inner.overflow, width: inner.width, scrollWidth: inner.scrollWidth }});
}});
</script></body></html>""")
    return path, height


def dump(browser, url, width):
    result = subprocess.run(
        [browser, *BROWSER_FLAGS, f"--window-size={max(width, 500)},1000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or "<body" not in result.stdout:
        raise SystemExit(f"chromium failed on {url}: {result.stderr[-2000:]}")
    dom = Dom()
    dom.feed(result.stdout)
    return dom


def chain(tau, k, p, m, order):
    t = f"temperature={tau}"
    rest = [f"top_k={k}", f"top_p={p}", f"min_p={m}"]
    return ";".join([t, *rest] if order == "hf" else [*rest, t])


def survivors_of(kelvin, logits, spec):
    return [(c["token"], c["probability"]) for c in
            kelvin_json(kelvin, "process", "--logits", logits, "--chain", spec)["candidates"]]


def thermo_limit(z, tau):
    """The Boltzmann quantities of E = −z at the limits, in closed form."""
    live = [x for x in z if x != -math.inf]
    n, top = len(live), max(live)
    if tau == 0:
        g = sum(1 for x in live if x == top)
        return {"logZ": math.inf, "Z": math.inf, "F": -top, "U": -top, "S": math.log(g), "C": 0}
    mean = sum(live) / n
    return {"logZ": math.log(n), "Z": n, "F": -math.inf, "U": -mean, "S": math.log(n), "C": 0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kelvin", required=True)
    parser.add_argument("--browser", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    kelvin = os.path.abspath(args.kelvin)
    os.makedirs(args.out, exist_ok=True)
    pages = {}
    for name, (extra, _) in PAGES.items():
        path = os.path.abspath(os.path.join(args.out, f"{name}.html"))
        quick = [] if name == "napkin" else ["--samples", "1", "--max-tokens", "40"]
        subprocess.run([kelvin, "explore", *extra, *quick, "--output", path], check=True,
                       capture_output=True)
        pages[name] = path
        text = open(path, encoding="utf-8").read()
        check("src=" not in text and "<link" not in text and "@import" not in text
              and "url(" not in text, f"{name}.html loads something from outside")
    size = os.path.getsize(pages["napkin"])
    check(size < 1_000_000, f"the default explorer is {size} bytes, not under 1 MB")

    for number, (page, tau, k, p, m, order) in enumerate(STATES):
        logits_text = PAGES[page][1]
        z = [float(x) for x in logits_text.split(",")]
        # The page's name is temperature=; one state uses tau=, the alias old links carry.
        key = "tau" if number == 1 else "temperature"
        fragment = f"{key}={tau}&top_k={k}&top_p={p}&min_p={m}&order={order}"
        where = f"state {number} ({page} #{fragment})"
        dom = dump(args.browser, f"file://{pages[page]}#{fragment}", 1280)
        check(dom.by_id["errors"]["text"].strip() == "", f"{where}: page error {dom.by_id['errors']['text']!r}")
        # The page writes the canonical name back.
        canonical = fragment.replace("tau=", "temperature=", 1) if key == "tau" else fragment
        check(dom.body.get("data-state") == "#" + canonical,
              f"{where}: page state {dom.body.get('data-state')!r}")
        t = math.inf if tau == "inf" else float(tau)

        # softmax(z / τ), its entropy and perplexity.
        soft = kelvin_json(kelvin, "softmax", "--logits", logits_text, "--temperature", tau)
        for key, field in [("entropy", "entropy"), ("perplexity", "perplexity")]:
            element = dom.by_id[key]
            value = float(element["attrs"]["data-value"])
            check(close(value, soft[field], 1e-9, 1e-12),
                  f"{where}: {key} {value} vs kelvin softmax {soft[field]}")
            shown_close(element["text"], soft[field], f"{where}: {key}")
        rows = dom.rows["softmax-table"]
        check(len(rows) == len(z), f"{where}: {len(rows)} softmax rows")
        for row in rows:
            token = int(row["attrs"]["data-token"])
            expected = soft["probabilities"][token]
            check(close(float(row["attrs"]["data-p"]), expected, 1e-9, 1e-15),
                  f"{where}: p[{token}] {row['attrs']['data-p']} vs {expected}")
            shown_close(row["cells"][2], expected, f"{where}: p[{token}] text")

        # The Boltzmann view at kT = τ.
        if 0 < t < math.inf:
            energies = ",".join("inf" if x == -math.inf else repr(-x) for x in z)
            th = kelvin_json(kelvin, "thermo", f"--energies={energies}", "--kT", tau)
            expected = {"logZ": th["log_partition_function"], "F": th["free_energy"],
                        "U": th["mean_energy"], "S": th["entropy"], "C": th["heat_capacity"]}
            expected["Z"] = math.exp(expected["logZ"]) if expected["logZ"] < 709 else math.inf
        else:
            expected = thermo_limit(z, t)
        for key, value in expected.items():
            element = dom.by_id[key]
            raw = element["attrs"]["data-value"]
            got = {"inf": math.inf, "-inf": -math.inf}.get(raw, None)
            got = float(raw) if got is None else got
            check(close(got, value, 1e-9, 1e-12), f"{where}: {key} {raw} vs {value}")
            if math.isfinite(value):
                shown_close(element["text"], value, f"{where}: {key} text")
            else:
                check(element["text"].strip() in ("→ ∞", "→ −∞"), f"{where}: {key} shows {element['text']!r}")

        # The chain in the state's order, and whether the other order agrees.
        spec = chain(tau, k, p, m, order)
        check(dom.by_id["chain-spec"]["text"] == spec, f"{where}: chain {dom.by_id['chain-spec']['text']!r}")
        kept = survivors_of(kelvin, logits_text, spec)
        shown = [(int(r["attrs"]["data-token"]), float(r["attrs"]["data-p"]), r["cells"][2])
                 for r in dom.rows["survivors"]]
        check([s[0] for s in shown] == [c[0] for c in kept],
              f"{where}: survivors {[s[0] for s in shown]} vs kelvin process {[c[0] for c in kept]}")
        check(int(dom.by_id["survivor-count"]["attrs"]["data-value"]) == len(kept), f"{where}: count")
        for (token, p_page, text), (_, p_kelvin) in zip(shown, kept):
            check(close(p_page, p_kelvin, 1e-5, 1e-7),
                  f"{where}: survivor {token} p {p_page} vs kelvin process {p_kelvin}")
            shown_close(text, p_kelvin, f"{where}: survivor {token} text")
        other = survivors_of(kelvin, logits_text, chain(tau, k, p, m, "llama" if order == "hf" else "hf"))
        same = [c[0] for c in other] == [c[0] for c in kept] and all(
            abs(a[1] - b[1]) < 5e-5 for a, b in zip(other, kept))
        check(dom.by_id["other-order"]["attrs"].get("data-same") == ("1" if same else "0"),
              f"{where}: the page says the orders {'agree' if dom.by_id['other-order']['attrs'].get('data-same') == '1' else 'disagree'}")

        # Layout: no horizontal overflow at either width; screenshots.
        for width in WIDTHS:
            frame, height = framed(args.out, pages[page], fragment, width, number)
            layout = dump(args.browser, f"file://{frame}", width)
            check(layout.body.get("data-width") == str(width),
                  f"{where}: the frame's viewport is {layout.body.get('data-width')} px, not {width}")
            check(layout.body.get("data-overflow") == "0",
                  f"{where}: horizontal overflow at {width} px (scroll width {layout.body.get('data-scroll-width')})")
            if number in SCREENSHOTS:
                shot = os.path.abspath(os.path.join(args.out, f"state{number:02d}-{width}.png"))
                subprocess.run(
                    [args.browser, *BROWSER_FLAGS, f"--window-size={width},{height}",
                     f"--screenshot={shot}", f"file://{frame}"], capture_output=True, timeout=120)
                check(os.path.exists(shot), f"{where}: no screenshot at {width} px")

    if failures:
        print(f"browser test: {len(failures)} failures", file=sys.stderr)
        for failure in failures:
            print("  " + failure, file=sys.stderr)
        return 1
    print(f"browser test: {len(STATES)} states checked against kelvin softmax, thermo and process; "
          f"no horizontal overflow at {' and '.join(map(str, WIDTHS))} px; default page {size} bytes; "
          f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
