"""WCAG 2 contrast between two colours, and a readable text colour for any background."""

from __future__ import annotations

from textual.color import Color

AA = 4.5  # WCAG AA for body text
BLACK = Color(0, 0, 0)
WHITE = Color(255, 255, 255)


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def ratio(foreground: Color, background: Color) -> float:
    """The contrast ratio (1 to 21) of text in `foreground` on `background`; a foreground with
    alpha is blended over the background first."""
    if foreground.a < 1:
        foreground = background.blend(foreground.with_alpha(1), foreground.a)
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(foreground: Color, background: Color, minimum: float = AA) -> Color:
    """`foreground` if it reaches `minimum` contrast on `background`, else black or white,
    whichever contrasts more (one of them always reaches 4.5)."""
    if ratio(foreground, background) >= minimum:
        return foreground
    return max((BLACK, WHITE), key=lambda c: ratio(c, background))


TEXT_ALPHAS = {"text-muted": 0.72, "text-disabled": 0.62}  # "auto N%": readable, still quieter
TEXT_COLOURS = ("accent", "secondary", "primary", "footer-key-foreground", "warning")
GROUNDS = ("background", "surface", "panel")
CURSORS = ("block-cursor-background", "block-cursor-blurred-background")


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """A theme's CSS variables with every colour used for text made to reach AA on each of
    the theme's backgrounds: muted text less transparent, and accent colours moved towards
    black (light themes) or white (dark ones) until they do."""
    out = dict(variables)
    for name, alpha in TEXT_ALPHAS.items():
        if name in out:
            out[name] = f"auto {round(alpha * 100)}%"
    grounds = [Color.parse(out[g]) for g in GROUNDS if g in out]
    if not grounds:
        return out
    for name in TEXT_COLOURS:
        if name not in out:
            continue
        color = Color.parse(out[name])
        if color.a < 1:
            continue
        out[name] = _towards_readable(color, grounds).hex
    accent = Color.parse(out["accent"]) if "accent" in out else None
    for name in CURSORS:  # highlighted rows: "auto" text, and titles in the accent, on them
        if name in out:
            out[name] = _cursor(Color.parse(out[name]), grounds[0], accent).hex
    return out


def _cursor(cursor: Color, ground: Color, accent: Color | None) -> Color:
    """A row-highlight colour moved towards the ground until text on it reads (AA)."""
    candidate = cursor
    for step in range(21):
        candidate = cursor.blend(ground, step / 20)
        readable_accent = accent is None or ratio(accent, candidate) >= AA + 0.1
        if readable_accent and _auto_text_ratio(candidate) >= AA + 0.1:
            break
    return candidate


def _auto_text_ratio(background: Color, alpha: float = 0.87) -> float:
    """Contrast of Textual's "auto 87%" text (black or white, the better) on `background`."""
    return max(ratio(c.with_alpha(alpha), background) for c in (BLACK, WHITE))


def _towards_readable(color: Color, grounds: list[Color]) -> Color:
    """`color` blended towards black or white (away from the grounds) just enough to reach AA
    (with a little margin) on every one of them."""
    dark_grounds = sum(luminance(g) for g in grounds) / len(grounds) < 0.18
    target = WHITE if dark_grounds else BLACK
    for step in range(21):
        candidate = color.blend(target, step / 20)
        if min(ratio(candidate, g) for g in grounds) >= AA + 0.1:
            return candidate
    return target
