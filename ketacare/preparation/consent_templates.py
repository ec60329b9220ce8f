"""Synthetic starting texts for the three kinds of consent, published by ``ketacare demo``.

TEMPLATES ONLY: a practice must review and adapt every text with its own legal counsel and
clinical governance before asking real clients to sign it. They are not legal advice.
"""

from __future__ import annotations

from ketacare.preparation.models import ConsentKind

_NOTICE = (
    "> **Template — not yet reviewed.** This is a starting text shipped with ketacare. "
    "Your practice must review and adapt it with its legal counsel before use.\n\n"
)

DEFAULT_CONSENT_DOCUMENTS: tuple[tuple[ConsentKind, str, str], ...] = (
    (
        ConsentKind.TREATMENT,
        "Consent to ketamine-assisted therapy",
        _NOTICE
        + """## What you are agreeing to

You agree to take part in ketamine-assisted therapy with this practice: preparation
meetings, dosing sessions with a clinician present, and integration meetings afterwards.

## What to expect

- Ketamine can change how you see, hear and feel for a while. This usually passes within
  a few hours.
- Common effects include feeling sick, dizziness, a rise in blood pressure and feeling
  detached from your body.
- Someone must take you home after each dosing session. Do not drive until the next day.

## Your choices

- Taking part is your choice. You can ask questions at any time.
- You can withdraw this consent at any time, without giving a reason. Your care team will
  talk with you about what that means for your care.
""",
    ),
    (
        ConsentKind.DATA_SHARING,
        "Consent to sharing your information",
        _NOTICE
        + """## What we share

With your consent, your care team may share relevant parts of your record with your
primary care doctor and with other clinicians involved in your care.

## What we never do

- We never sell your information.
- We share only what is needed for your care.

## Your choices

You can withdraw this consent at any time. Sharing already done cannot be undone, but no
new sharing will happen after you withdraw.
""",
    ),
    (
        ConsentKind.RESEARCH,
        "Consent to research use of your information",
        _NOTICE
        + """## What this means

With your consent, information from your care (such as questionnaire scores) may be used
in research, with your name and other details that identify you removed.

## Your choices

- Saying no does not change your care in any way.
- You can withdraw this consent at any time; information not yet used will then be left out.
""",
    ),
)
