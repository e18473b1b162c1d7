"""Static SVG line charts for the PDF (WeasyPrint runs no JavaScript; the screen uses Chart.js)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 250, 130, 36, 18, 10, 26


def trend_svg(title: str, labels: list[str], values: list[int | Decimal | None]) -> str:
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    top = max([p[1] for p in points] + [1.0]) * 1.1
    inner_w, inner_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    step = inner_w / max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return PAD_L + i * step, PAD_T + inner_h - (v / top) * inner_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<line x1="{PAD_L}" y1="{PAD_T + inner_h}" x2="{WIDTH - PAD_R}" '
             f'y2="{PAD_T + inner_h}" stroke="#666"/>',
             f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{PAD_T + inner_h}" stroke="#666"/>',
             f'<text x="{PAD_L - 4}" y="{PAD_T + 4}" font-size="9" text-anchor="end">'
             f'{top:.0f}</text>',
             f'<text x="{PAD_L - 4}" y="{PAD_T + inner_h}" font-size="9" text-anchor="end">0</text>']
    for i, label in enumerate(labels):
        x = PAD_L + i * step
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 10}" font-size="6.5" text-anchor="middle">'
                     f'{escape(label[2:] if len(label) == 7 else label)}</text>')
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in points))
        parts.append(f'<polyline fill="none" stroke="#01689b" stroke-width="2" points="{path}"/>')
        for i, v in points:
            x, y = xy(i, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#01689b"/>')
    parts.append("</svg>")
    return "".join(parts)
