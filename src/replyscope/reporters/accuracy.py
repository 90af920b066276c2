"""Wording for accuracy beside the headline: the interval and the sensitivity of a likes ratio.

Only arranges figures the Validity already holds (coding.validity); nothing is computed here.
"""

import math

from ..coding.validity import Validity


def ratio_caveat(validity: Validity, first: str, second: str) -> str:
    """' (95% interval 2.1–4.0× allowing for measured coding error); 2.0× without its single most-liked reply.'"""
    ratio = validity.ratio
    if not ratio or ratio.get("first") != first or ratio.get("second") != second:
        return ""
    parts = []
    if validity.measured and _number(ratio.get("low")) and _number(ratio.get("high")):
        parts.append(f"95% interval {ratio['low']:.1f}–{ratio['high']:.1f}× allowing for the coding error measured "
                     f"on {validity.reviewed:,} reviewed replies (corrected estimate {ratio['estimated']:.1f}×)")
    elif not validity.measured:
        parts.append("coding accuracy unmeasured")
    if _number(ratio.get("without_top_reply")):
        parts.append(f"{ratio['without_top_reply']:.1f}× without its single most-liked reply")
    return " " + "; ".join(parts).capitalize() + "." if parts else ""


def _number(value) -> bool:
    return value is not None and isinstance(value, (int, float)) and not math.isnan(value)
