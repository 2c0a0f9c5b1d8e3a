"""HTML report: one self-contained page that works offline.

The page holds the article with every evidence span highlighted by scorer and kind (details on
hover, and in a panel on click), a legend, the combined index with an inline SVG chart of its
components, the findings (each linked to its spans), the scores with their formulas, a sources
table (source, kind, via, cue, quotation) and the full evidence list. There is no CDN, font or
external script: the styles and the one small script are inline, and a Content-Security-Policy
allows only that script (by its hash), so nothing in an article can run. Every piece of article
text is escaped with :func:`html.escape`.

The profile holds spans, not the whole article: pass ``text=`` (the article as scored) to show
the highlighted article; without it the report lists the evidence only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Sequence
from typing import Any

from reliability.compare import Comparison, format_value
from reliability.model import Attribution, Evidence, Profile, Span
from reliability.quantities import ProfileFacts
from reliability.report._common import (
    evidence_kinds,
    findings_of,
    fmt_number,
    highlight_segments,
    index_of,
    short,
    style_key,
)

__all__ = ["html_head", "html_tail", "render_html", "render_html_article", "render_html_comparison"]

# Highlight classes in increasing priority: a later rule's background wins where spans overlap.
LEGEND: tuple[tuple[str, str, str], ...] = (
    (
        "promotional-block",
        "promotional block",
        "Text that sells, solicits or navigates: appeals, "
        "link-outs, interface text (set aside from the body).",
    ),
    ("attribution-content", "attributed content", "What a source is reported to have said."),
    ("attribution-cue", "attribution cue", "The words that attribute (said, according to)."),
    ("attribution-source-on_record", "named source", "A source named or identifiable."),
    ("attribution-source-anonymous", "anonymous source", "A source described only by role."),
    (
        "attribution-source-unspecified",
        "unspecified source",
        "No identifiable source at all (sources, reports).",
    ),
    ("attribution-via", "via outlet", "The outlet a statement passed through."),
    ("attribution-anonymity_reason", "reason for anonymity", "Why the source is not named."),
    ("hedging-hedge", "hedge", "Epistemic uncertainty (reportedly, may, it is believed)."),
    ("hedging-booster", "booster", "Asserted certainty (clearly, undoubtedly)."),
    ("promotional-puffery", "puffery", "Promotional language in the writer's voice."),
)
"""``(style key, label, description)`` of each highlight style, in legend order."""

_CSS = """
:root{--ink:#1d232b;--muted:#5b6573;--line:#d9dee5;--bg:#f6f7f9;--card:#fff;--accent:#1f5fa8;
--good:#237a3b;--note:#1f5fa8;--concern:#b3261e;--missing:#7a4fa0}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.page{background:#14213d;color:#fff;padding:14px 28px}
header.page h1{font-size:17px;margin:0;font-weight:600;letter-spacing:.2px}
header.page p{margin:2px 0 0;color:#c9d2e3;font-size:12.5px}
main{max-width:1180px;margin:0 auto;padding:18px 24px 60px}
section.article{margin-bottom:48px}
h2{font-size:22px;margin:8px 0 2px;line-height:1.3;overflow-wrap:anywhere}
h3{font-size:14px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:0 0 10px}
.meta{color:var(--muted);font-size:12.5px;margin-bottom:14px;overflow-wrap:anywhere}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 18px;
margin-bottom:16px;min-width:0}
.scroll{overflow-x:auto;max-width:100%}
.grid{display:grid;grid-template-columns:260px 1fr;gap:16px}
.score{font-size:54px;font-weight:700;line-height:1;color:var(--accent)}
.score small{font-size:18px;color:var(--muted);font-weight:500}
.formula{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;
color:var(--muted);word-break:break-word;margin-top:8px}
.na{color:var(--muted);font-style:italic}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.4px}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;
overflow-wrap:anywhere}
ul.findings{list-style:none;margin:0;padding:0}
ul.findings li{padding:8px 10px;border-left:4px solid var(--note);background:#f8fafc;
margin-bottom:6px;border-radius:0 6px 6px 0}
ul.findings li.concern{border-color:var(--concern);background:#fdf3f2}
ul.findings li.good{border-color:var(--good);background:#f1f8f3}
ul.findings li.missing{border-color:var(--missing);background:#f7f2fb}
.badge{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;
letter-spacing:.5px;padding:1px 7px;border-radius:10px;margin-right:8px;color:#fff;
background:var(--note)}
.badge.concern{background:var(--concern)}.badge.good{background:var(--good)}
.badge.missing{background:var(--missing)}
a.spans{font-size:12px;margin-left:6px;color:var(--accent);cursor:pointer}
.layout{display:grid;grid-template-columns:1fr 300px;gap:16px;align-items:start}
.text{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;font-size:16.5px;
line-height:1.7;overflow-wrap:anywhere}
.panel{position:sticky;top:12px;font-size:13px}
.panel .ev{border-top:1px solid var(--line);padding:6px 0}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:12.5px;margin-bottom:12px}
.legend span.sw{display:inline-block;width:26px;height:14px;border-radius:3px;
vertical-align:-2px;margin-right:5px;border:1px solid #0002}
.h{border-radius:2px;cursor:pointer}
.h.focus{outline:2px solid #e07b00;outline-offset:1px}
.other{background:#ececec}
.promotional-block{background:#e4e6ea;color:#59606b}
.attribution-content{background:#e7f0fb}
.attribution-cue{text-decoration:underline;text-decoration-color:#1f5fa8;
text-decoration-thickness:2px;text-underline-offset:3px}
.attribution-source-on_record{background:#cdebd5;font-weight:600}
.attribution-source-anonymous{background:#ffe2b8;font-weight:600}
.attribution-source-unspecified{background:#f6c7c3;font-weight:600}
.attribution-source-unknown,.attribution-source-unresolved{background:#e1e1e1;font-weight:600}
.attribution-via{background:#d9d2f0}
.attribution-anonymity_reason{background:#f3e7c6;font-style:italic}
.hedging-hedge{background:#fff0a0;box-shadow:inset 0 -2px #d7b500}
.hedging-booster{background:#f7d0ee;box-shadow:inset 0 -2px #b0479a}
.promotional-puffery{background:#ffc9c9;box-shadow:inset 0 -2px #c0392b}
.legend .sw.attribution-cue{background:#fff;border-bottom:3px solid #1f5fa8}
details summary{cursor:pointer;color:var(--accent);font-size:13.5px}
.chart text{font:12px system-ui,sans-serif;fill:#1d232b}
.chart .muted{fill:#5b6573}
.kinds{display:flex;height:14px;border-radius:7px;overflow:hidden;margin:8px 0 4px;
background:#eee}
.kinds div{height:100%}
.error{border-left:4px solid var(--concern)}
@media (max-width:900px){.grid,.layout{grid-template-columns:1fr}.panel{position:static}}
@media (max-width:640px){main{padding:12px 10px 40px}header.page{padding:12px 14px}
.card{padding:12px}.score{font-size:44px}.text{font-size:16px}
.scroll table{min-width:560px}.chart{min-width:560px}}
"""

_SCRIPT = """
(function(){
  var errors=[];
  window.addEventListener('error',function(e){errors.push(String(e.message));
    document.body.setAttribute('data-errors',errors.join(' | '));});
  function show(article, ids){
    var data=JSON.parse(article.querySelector('script.evidence').textContent);
    var panel=article.querySelector('.panel .body');
    panel.textContent='';
    ids.forEach(function(i){var e=data[i];if(!e)return;
      var d=document.createElement('div');d.className='ev';
      var t=document.createElement('div');t.className='t';
      var b=document.createElement('strong');b.textContent=e.scorer+' · '+e.label;t.appendChild(b);
      d.appendChild(t);
      var q=document.createElement('div');q.textContent='\\u201c'+e.text+'\\u201d';d.appendChild(q);
      var r=document.createElement('code');r.textContent=e.rule+'  ['+e.start+', '+e.end+')';
      d.appendChild(r);
      Object.keys(e).forEach(function(k){
        if(['scorer','label','start','end','text','rule','weight'].indexOf(k)<0){
          var x=document.createElement('div');x.className='formula';
          x.textContent=k+': '+e[k];d.appendChild(x);}});
      panel.appendChild(d);});
    if(!ids.length){panel.textContent='Nothing highlighted here.';}
  }
  document.querySelectorAll('section.article').forEach(function(article){
    article.addEventListener('click',function(ev){
      var h=ev.target.closest('.h');
      if(h){article.querySelectorAll('.h.focus').forEach(function(x){x.classList.remove('focus');});
        h.classList.add('focus');
        show(article,(h.getAttribute('data-ev')||'').split(' ').filter(Boolean).map(Number));}
      var a=ev.target.closest('a.spans');
      if(a){ev.preventDefault();
        article.querySelectorAll('.h.focus').forEach(function(x){x.classList.remove('focus');});
        var starts=(a.getAttribute('data-spans')||'').split(' ');
        var first=null;
        starts.forEach(function(p){var se=p.split('-');var s=+se[0],e=+se[1];
          article.querySelectorAll('.h').forEach(function(h){var hs=+h.getAttribute('data-s');
            if(hs>=s&&hs<e){h.classList.add('focus');if(!first)first=h;}});});
        if(first){first.scrollIntoView({block:'center'});}}
    });
  });
  document.body.setAttribute('data-ready','1');
})();
"""


def _script_hash() -> str:
    digest = hashlib.sha256(_SCRIPT.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def html_head(title: str = "source-reliability report") -> str:
    """The page's opening: doctype, head with inline styles and the security policy, header."""
    csp = (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src '{_script_hash()}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        '<header class="page"><h1>source-reliability</h1>'
        "<p>How well is this article sourced — and why. Every number links to the text behind "
        "it.</p></header>\n<main>\n"
    )


def html_tail() -> str:
    """The page's closing, with the inline script."""
    return f"</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"


def render_html(
    profile: Profile, *, text: str | None = None, source: str | None = None, **_: object
) -> str:
    """Render one profile as a complete, self-contained HTML page.

    Args:
        profile: The profile.
        text: The article text as scored, to show highlighted; without it only the evidence
            list is shown.
        source: The input's name for the heading.
    """
    name = source or profile.document.title or profile.document.id or "article"
    return (
        html_head(f"{name} — source-reliability report")
        + render_html_article(profile, text=text, source=source)
        + html_tail()
    )


def _scroll(inner: str) -> str:
    """Wrap a wide table or chart so that a narrow window scrolls it, not the page."""
    return f'<div class="scroll">{inner}</div>'


def _span_cell(span: Span | None) -> str:
    if span is None:
        return '<span class="na">—</span>'
    return _e(short(span.text, 140))


def _index_card(profile: Profile) -> str:
    index = index_of(profile)
    if index is None:
        return (
            '<div class="card"><h3>Sourcing index</h3><p class="na">This profile carries no '
            "index.</p></div>"
        )
    value = index.get("value")
    scale = index.get("scale", 100)
    if value is None:
        big = f'<div class="score">—</div><p class="na">{_e(index.get("reason"))}</p>'
    else:
        scale_text = fmt_number(scale)
        big = f'<div class="score" id="index-value">{value:.0f}<small> / {scale_text}</small></div>'
    weights = index.get("weights")
    wnote = "" if weights in (None, "default") else f'<p class="formula">weights: {_e(weights)}</p>'
    return (
        f'<div class="card summary"><h3>Sourcing index</h3>{big}'
        f'<p class="formula">{_e(index.get("formula"))}</p>{wnote}</div>'
    )


def _chart(profile: Profile) -> str:
    """An inline SVG bar chart of the index components (value 0–1, points contributed)."""
    index = index_of(profile)
    comps: list[dict[str, Any]] = list(index.get("components", [])) if index else []
    if not comps:
        return '<p class="na">No components.</p>'
    row, label_w, bar_w = 30, 170, 360
    height = row * len(comps) + 24
    parts = [
        f'<svg class="chart" role="img" aria-label="Index components" width="100%" '
        f'viewBox="0 0 {label_w + bar_w + 150} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 0.5, 1):
        x = label_w + bar_w * tick
        parts.append(
            f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 18}" stroke="#d9dee5"/>'
        )
        parts.append(
            f'<text class="muted" x="{x:.1f}" y="{height - 4}" '
            f'text-anchor="middle">{tick:.0%}</text>'
        )
    for i, c in enumerate(comps):
        y = 6 + i * row
        parts.append(f'<text x="0" y="{y + 14}">{_e(c.get("label", c.get("id")))}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="16" rx="3" fill="#eef1f5"/>'
        )
        value = c.get("value")
        if value is None:
            parts.append(f'<text class="muted" x="{label_w + 8}" y="{y + 14}">not measured</text>')
            continue
        color = "#237a3b" if value >= 0.66 else "#c98a00" if value >= 0.33 else "#b3261e"
        parts.append(
            f'<rect class="bar" data-component="{_e(c.get("id"))}" x="{label_w}" '
            f'y="{y + 2}" width="{bar_w * float(value):.1f}" height="16" rx="3" '
            f'fill="{color}"><title>{_e(c.get("formula"))}</title></rect>'
        )
        pts = c.get("contribution")
        note = f"{value:.0%}" + (
            f" · {pts:.1f} pts · w {fmt_number(c.get('weight'))}" if pts is not None else " · off"
        )
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 14}">{_e(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _components_table(profile: Profile) -> str:
    index = index_of(profile)
    if not index:
        return ""
    rows = []
    for c in index.get("components", []):
        inputs = ", ".join(f"{k}={fmt_number(v)}" for k, v in c.get("inputs", {}).items())
        value = "—" if c.get("value") is None else f"{c['value']:.3f}"
        pts = "—" if c.get("contribution") is None else f"{c['contribution']:.1f}"
        why = f'<div class="na">{_e(c["reason"])}</div>' if c.get("reason") else ""
        rows.append(
            f'<tr><td>{_e(c.get("label"))}<div class="formula">'
            f'{_e(c.get("formula"))}</div>{why}</td><td class="num">{value}</td>'
            f'<td class="num">{fmt_number(c.get("weight"))}</td><td class="num">{pts}</td>'
            f"<td><code>{_e(inputs)}</code></td></tr>"
        )
    return (
        "<details><summary>Index components: values, weights and contributions</summary>"
        '<table class="components"><tr><th>component</th><th>value</th><th>weight</th>'
        "<th>points</th><th>inputs</th></tr>" + "".join(rows) + "</table></details>"
    )


def _kinds_bar(profile: Profile) -> str:
    counts = ProfileFacts.of(profile).by_kind
    total = sum(counts.values())
    if not total:
        return ""
    colors = {
        "on_record": "#5fb374",
        "anonymous": "#f0a43a",
        "unspecified": "#d9534f",
        "unresolved": "#b0b0b0",
    }
    bars = "".join(
        f'<div style="width:{100 * n / total:.2f}%;background:{colors[k]}" '
        f'title="{_e(k)}: {n}"></div>'
        for k, n in counts.items()
        if n
    )
    legend = " · ".join(f"{_e(k.replace('_', ' '))} {n}" for k, n in counts.items() if n)
    return (
        f'<h3 style="margin-top:14px">Attributions by source kind</h3>'
        f'<div class="kinds">{bars}</div><div class="meta">{legend}</div>'
    )


def _findings(profile: Profile) -> str:
    items = []
    for f in findings_of(profile):
        sev = str(f.get("severity", "note"))
        spans = f.get("spans", [])
        link = ""
        if spans:
            data = " ".join(f"{int(s['start'])}-{int(s['end'])}" for s in spans)
            link = (
                f'<a class="spans" href="#" data-spans="{data}">show '
                f"{len(spans)} span{'s' if len(spans) != 1 else ''}</a>"
            )
        items.append(
            f'<li class="{_e(sev)}"><span class="badge {_e(sev)}">{_e(sev)}</span>'
            f"{_e(f.get('message'))}{link}</li>"
        )
    if not items:
        return '<p class="na">No findings.</p>'
    return '<ul class="findings">' + "".join(items) + "</ul>"


def _scores_table(profile: Profile) -> str:
    rows = []
    for sid, r in profile.scores.items():
        value = (
            fmt_number(r.value)
            if r.value is not None
            else f'<span class="na">— {_e(r.reason)}</span>'
        )
        inputs = ", ".join(f"{k}={fmt_number(v)}" for k, v in r.inputs.items())
        rows.append(
            f'<tr><td><strong>{_e(sid)}</strong></td><td class="num">{value}</td>'
            f'<td><div class="formula">{_e(r.formula)}</div>'
            f"<code>{_e(inputs)}</code></td></tr>"
        )
    return (
        '<table class="scores"><tr><th>scorer</th><th>value</th><th>formula and inputs</th>'
        "</tr>" + "".join(rows) + "</table>"
    )


def _sources_table(attributions: Sequence[Attribution]) -> str:
    if not attributions:
        return '<p class="na">No attributions found (or the attribution scorer was not run).</p>'
    rows = []
    for a in attributions:
        kind = a.source_kind or "unresolved"
        source = _span_cell(a.source)
        if a.resolved_source is not None:
            source += f' <span class="na">(= {_e(a.resolved_source.text)})</span>'
        flags = [x for x, on in (("direct quote", a.quote), ("secondhand", a.secondhand)) if on]
        if a.anonymity_reason is not None:
            flags.append("reason: " + short(a.anonymity_reason.text, 80))
        rows.append(
            f'<tr><td>{source}</td><td><span class="attribution-source-{_e(kind)}">'
            f"{_e(kind.replace('_', ' '))}</span></td><td>{_span_cell(a.via)}</td>"
            f"<td>{_span_cell(a.cue)}</td><td>{_span_cell(a.content)}"
            + (f'<div class="na">{_e("; ".join(flags))}</div>' if flags else "")
            + "</td></tr>"
        )
    return (
        '<table class="sources"><tr><th>source</th><th>kind</th><th>via</th><th>cue</th>'
        "<th>quotation / content</th></tr>" + "".join(rows) + "</table>"
    )


def _evidence_table(evidence: Sequence[Evidence]) -> str:
    if not evidence:
        return '<p class="na">No evidence.</p>'
    rows = "".join(
        f'<tr><td>{_e(e.scorer)}</td><td>{_e(e.label)}</td><td class="num">{e.start}–{e.end}'
        f"</td><td>{_e(short(e.text, 160))}</td><td><code>{_e(e.rule)}</code></td>"
        f"<td><code>{_e(' '.join(f'{k}={v}' for k, v in e.details.items()))}</code></td></tr>"
        for e in evidence
    )
    return (
        f"<details><summary>All evidence ({len(evidence)} spans)</summary><table "
        'class="evidence"><tr><th>scorer</th><th>label</th><th>span</th><th>text</th>'
        f"<th>rule</th><th>details</th></tr>{rows}</table></details>"
    )


def _article_text(profile: Profile, text: str) -> tuple[str, set[str]]:
    evidence = profile.evidence
    kinds = evidence_kinds(profile)
    keys = [style_key(e, kinds) for e in evidence]
    known = {k for k, _, _ in LEGEND}
    bounds = [int(s["start"]) for f in findings_of(profile) for s in f.get("spans", [])]
    bounds += [int(s["end"]) for f in findings_of(profile) for s in f.get("spans", [])]
    used: set[str] = set()
    out: list[str] = []
    for start, end, covering in highlight_segments(len(text), evidence, bounds):
        chunk = _e(text[start:end])
        if not covering:
            out.append(chunk)
            continue
        classes = []
        for k in dict.fromkeys(keys[i] for i in covering):
            classes.append(k if k in known else "other")
            used.add(k if k in known else "other")
        order = {k: n for n, (k, _, _) in enumerate(LEGEND)}
        classes.sort(key=lambda c: order.get(c, -1))
        tip = "\n".join(
            f"{evidence[i].scorer} · {evidence[i].label} · {evidence[i].rule}" for i in covering
        )
        out.append(
            f'<span class="h {" ".join(dict.fromkeys(classes))}" data-s="{start}" '
            f'data-ev="{" ".join(map(str, covering))}" title="{_e(tip)}">{chunk}</span>'
        )
    return "".join(out), used


def _legend(used: set[str]) -> str:
    items = [
        f'<span title="{_e(desc)}"><span class="sw {_e(k)}"></span>{_e(label)}</span>'
        for k, label, desc in LEGEND
        if k in used
    ]
    if "other" in used:
        items.append('<span><span class="sw other"></span>other evidence</span>')
    return '<div class="legend">' + "".join(items) + "</div>" if items else ""


def _evidence_json(evidence: Sequence[Evidence]) -> str:
    data = json.dumps([e.to_dict() for e in evidence], ensure_ascii=True, allow_nan=False)
    # Inside <script>, "</" could close the element: escape "<" (and ">" and "&") as JSON.
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html_article(
    profile: Profile, *, text: str | None = None, source: str | None = None, **_: object
) -> str:
    """One article's section of the page (used on its own page and in a batch page)."""
    doc = profile.document
    name = source or doc.id or "article"
    title = doc.title or name
    evidence = profile.evidence
    head = (
        f'<section class="article" data-sha256="{_e(doc.sha256)}">\n'
        f'<h2>{_e(title)}</h2>\n<div class="meta">{_e(name)} · {doc.words} words · '
        f"{doc.sentences} sentences · sha256 {_e(doc.sha256[:16])}… · source-reliability "
        f"{_e(profile.library_version)}</div>\n"
    )
    summary = (
        f'<div class="grid">{_index_card(profile)}<div class="card"><h3>Index '
        f"components</h3>{_scroll(_chart(profile))}"
        f"{_components_table(profile)}"
        f"{_kinds_bar(profile)}</div></div>\n"
    )
    findings = f'<div class="card"><h3>Findings</h3>{_findings(profile)}</div>\n'
    if text is not None and len(text) == doc.chars:
        body, used = _article_text(profile, text)
        article = (
            f'<div class="layout"><div class="card"><h3>Article</h3>{_legend(used)}'
            f'<div class="text">{body}</div></div><aside class="card panel"><h3>Details'
            f'</h3><div class="body">Click a highlighted passage to see what matched '
            f"and why.</div></aside></div>\n"
        )
    else:
        article = (
            '<div class="card"><h3>Article</h3><p class="na">The article text was not '
            "given to the renderer; the evidence is listed below.</p></div>\n"
        )
    tables = (
        f'<div class="card"><h3>Sources</h3>{_scroll(_sources_table(profile.attributions))}</div>\n'
        f'<div class="card"><h3>Scores</h3>{_scroll(_scores_table(profile))}</div>\n'
        f'<div class="card"><h3>Evidence</h3>{_scroll(_evidence_table(evidence))}</div>\n'
        f'<div class="meta">Lexicons: '
        + _e(", ".join(f"{x.id} {x.version}" for x in profile.lexicons))
        + "</div>\n"
    )
    data = f'<script type="application/json" class="evidence">{_evidence_json(evidence)}</script>\n'
    return head + summary + findings + article + tables + data + "</section>\n"


def render_html_failure(source: str, reason: str) -> str:
    """An error record's section of a batch page."""
    return (
        f'<section class="article failure"><div class="card error"><h3>Could not audit'
        f"</h3><p><strong>{_e(source)}</strong>: {_e(reason)}</p></div></section>\n"
    )


def render_html_comparison(comparison: Comparison, **_: object) -> str:
    """A comparison of articles as a complete, self-contained HTML page."""
    labels = comparison.labels
    heads = "".join(f"<th>[{i + 1}] {_e(short(label, 40))}</th>" for i, label in enumerate(labels))
    rows = []
    for spec, values in comparison.indicators:
        cells = []
        for i, v in enumerate(values):
            why = comparison.reasons.get((spec.id, i))
            tip = f' title="{_e(why)}"' if why and v is None else ""
            cells.append(f'<td class="num"{tip}>{_e(format_value(v, spec.unit))}</td>')
        rows.append(f"<tr><td>{_e(spec.label)}</td>{''.join(cells)}</tr>")
    diffs = "".join(f'<li class="note">{_e(d.message)}</li>' for d in comparison.differences)
    shared = {k for k, _ in comparison.shared}
    source_cols = []
    for i, per in enumerate(comparison.sources):
        items = "".join(
            f'<li><span class="attribution-source-{_e(kind)}">{_e(mention)}</span>'
            + (f" ×{n}" if n > 1 else "")
            + (' <span class="badge good">shared</span>' if key in shared else "")
            + "</li>"
            for key, mention, kind, n in per
        )
        source_cols.append(
            f'<div class="card"><h3>[{i + 1}] {_e(short(labels[i], 50))}</h3>'
            f"<ul>{items or '<li class=na>no sources</li>'}</ul></div>"
        )
    shared_rows = (
        "".join(
            f"<tr><td>{_e(k)}</td><td>{_e(', '.join(f'[{i + 1}]' for i in arts))}</td></tr>"
            for k, arts in comparison.shared
        )
        or '<tr><td class="na" colspan="2">none</td></tr>'
    )
    titles = "".join(
        f"<li>[{i + 1}] {_e(label)}" + (f" — {_e(t)}" if t else "") + "</li>"
        for i, (label, t) in enumerate(zip(labels, comparison.titles, strict=True))
    )
    body = (
        f'<section class="article comparison"><h2>Comparison of {len(labels)} articles</h2>'
        f'<ul class="meta">{titles}</ul>'
        f'<div class="card"><h3>Differences that matter</h3><ul class="findings">'
        f"{diffs or '<li>No difference above the thresholds.</li>'}</ul></div>"
        f'<div class="card"><h3>Indicators</h3><table><tr><th>indicator</th>{heads}</tr>'
        f"{''.join(rows)}</table></div>"
        f'<div class="card"><h3>Shared sources</h3><table><tr><th>source</th><th>cited by</th>'
        f"</tr>{shared_rows}</table></div>"
        f'<div class="grid" style="grid-template-columns:repeat({min(len(labels), 3)},1fr)">'
        f"{''.join(source_cols)}</div></section>\n"
    )
    return html_head("comparison — source-reliability report") + body + html_tail()
