"""Plain-text answer for pasting into an e-mail (中文 or English), naming the license and its clauses."""

from __future__ import annotations

from geo.check import CheckResult
from geo.i18n import SERVICE_NAMES, t
from geo.license import License
from geo.validity import validity

__all__ = ["email_summary"]


def email_summary(result: CheckResult, lic: License, as_of, lang: str = "zh") -> str:
    names = SERVICE_NAMES[lang]
    state = validity(lic, as_of, lang)
    if lang == "en":
        head = [
            f"Coverage check for “{result.query}” under license {lic.number} ({lic.holder})",
            f"Place: {result.place.label if result.place else '—'}",
        ]
    else:
        head = [
            f"关于「{result.query}」的业务覆盖查询 (依据 {lic.number} 号增值电信业务经营许可证, {lic.holder})",
            f"地点: {result.place.label if result.place else '—'}",
        ]
    lines = [*head, ""]
    for service, answer in result.services.items():
        reason = answer.reason_en if lang == "en" else answer.reason
        lines.append(f"- {names[service]}: {t('verdict_' + answer.verdict, lang)} — {reason}")
        lines.append(f"  {'Clause' if lang == 'en' else '条款'}: {answer.clause}")
    for service, nearest in result.nearest.items():
        label = f"Nearest licensed {service.upper()} city" if lang == "en" else f"最近的 {service.upper()} 许可城市"
        lines.append(f"- {label}: {nearest.city} ({nearest.km:.0f} km)")
    if result.status != "ok":
        lines.append(result.message)
    lines += ["", state.message]
    return "\n".join(lines)
