"""The platform prompt library, written for ketacare (loaded into ``Prompt`` by a migration).

Each prompt has a stable code, the phase it suits and the domain it works on. Practices add
their own prompts in the app; these platform rows have ``practice = NULL``. Editing the text of
an existing code here needs a new data migration (the table is the source at run time).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PromptSpec:
    """One platform prompt as data."""

    code: str
    phase: str
    domain: str
    text: str
    for_reflection: bool = False


PLATFORM_PROMPTS: tuple[PromptSpec, ...] = (
    # preparation
    PromptSpec(
        "prep-hope",
        "preparation",
        "meaning",
        "What are you hoping will be different in your life a few months from now?",
    ),
    PromptSpec(
        "prep-worry",
        "preparation",
        "emotional_regulation",
        "What worries you about the sessions ahead, and what would help you feel steadier?",
    ),
    PromptSpec(
        "prep-story",
        "preparation",
        "beliefs",
        "Which story about yourself do you tell most often? Write it down as you hear it.",
    ),
    PromptSpec(
        "prep-habit",
        "preparation",
        "behaviour",
        "Name one habit you would like to loosen. When does it tend to show up?",
    ),
    PromptSpec(
        "prep-body",
        "preparation",
        "body",
        "How does your body feel today, from head to feet? Note anything that asks for care.",
    ),
    PromptSpec(
        "prep-support",
        "preparation",
        "relationships",
        "Who could you call on in the days after a session? What would you ask of them?",
    ),
    PromptSpec(
        "prep-loop",
        "preparation",
        "thought_patterns",
        "Is there a thought that keeps coming back? Write it and how often you notice it.",
    ),
    # session day (reflection prompts are offered on the guided reflection form)
    PromptSpec(
        "day-image",
        "session_day",
        "meaning",
        "What image, feeling or moment from today stays with you most?",
        True,
    ),
    PromptSpec(
        "day-feel",
        "session_day",
        "emotional_regulation",
        "How do you feel right now, compared with this morning?",
        True,
    ),
    PromptSpec(
        "day-insight",
        "session_day",
        "meaning",
        "Did anything today look different from how you usually see it?",
        True,
    ),
    PromptSpec(
        "day-carry",
        "session_day",
        "emotional_regulation",
        "What would you like to remember from today when the details fade?",
        True,
    ),
    PromptSpec(
        "day-rest",
        "session_day",
        "body",
        "What does your body need tonight: rest, food, water, warmth, quiet?",
    ),
    PromptSpec(
        "day-thanks",
        "session_day",
        "relationships",
        "Who helped you get through today, and how did that help feel?",
    ),
    # 24 hours
    PromptSpec(
        "h24-after",
        "24h",
        "emotional_regulation",
        "Now that a day has passed, what feelings are still close to the surface?",
    ),
    PromptSpec(
        "h24-thoughts",
        "24h",
        "thought_patterns",
        "Have your usual first thoughts of the morning changed at all? How?",
    ),
    PromptSpec(
        "h24-sleep",
        "24h",
        "body",
        "How did you sleep and eat since the session? Anything you want to tell your team?",
    ),
    PromptSpec(
        "h24-one-step",
        "24h",
        "behaviour",
        "What is one small, kind thing you could do for yourself today?",
    ),
    PromptSpec(
        "h24-meaning",
        "24h",
        "meaning",
        "Looking back at the session, what seems most worth understanding better?",
    ),
    # 72 hours
    PromptSpec(
        "h72-window",
        "72h",
        "thought_patterns",
        "Notice a thought you used to accept without question. Does it still fit?",
    ),
    PromptSpec(
        "h72-try",
        "72h",
        "behaviour",
        "Try one thing differently today, however small. What happened?",
    ),
    PromptSpec(
        "h72-wave",
        "72h",
        "emotional_regulation",
        "When a strong feeling came up lately, what did you do with it?",
    ),
    PromptSpec(
        "h72-talk",
        "72h",
        "relationships",
        "Was there a conversation this week that felt different from usual?",
    ),
    PromptSpec(
        "h72-belief",
        "72h",
        "beliefs",
        "Which belief about yourself felt less certain after your session?",
    ),
    # 1 week
    PromptSpec(
        "w1-pattern",
        "1w",
        "behaviour",
        "Which old routine crept back this week, and which new one held?",
    ),
    PromptSpec(
        "w1-evidence",
        "1w",
        "beliefs",
        "What did you do this week that argues against an old belief about yourself?",
    ),
    PromptSpec(
        "w1-body", "1w", "body", "Where in your body do you notice stress now, and what eases it?"
    ),
    PromptSpec(
        "w1-mood",
        "1w",
        "emotional_regulation",
        "What lifted your mood this week, even briefly? Could you do it on purpose?",
    ),
    PromptSpec(
        "w1-reframe",
        "1w",
        "thought_patterns",
        "Take one harsh thought from this week and rewrite it as a fair friend would.",
    ),
    # 2 weeks
    PromptSpec(
        "w2-check",
        "2w",
        "meaning",
        "Two weeks on: what from the sessions still feels alive, and what has faded?",
    ),
    PromptSpec(
        "w2-people",
        "2w",
        "relationships",
        "Is there someone you want to be closer to, or a boundary you want to set?",
    ),
    PromptSpec(
        "w2-practice",
        "2w",
        "behaviour",
        "Which practice (walks, breathing, writing, calls) are you keeping up? What helps?",
    ),
    PromptSpec(
        "w2-trigger",
        "2w",
        "emotional_regulation",
        "Describe a recent hard moment: what set it off, and what brought you back?",
    ),
    PromptSpec(
        "w2-rule",
        "2w",
        "beliefs",
        "Is there an unwritten rule you live by ('I must…', 'I should never…')? Is it true?",
    ),
    # 1 month
    PromptSpec(
        "m1-review",
        "1m",
        "meaning",
        "A month in: what has changed that you are glad about? What still feels stuck?",
    ),
    PromptSpec(
        "m1-thinking",
        "1m",
        "thought_patterns",
        "Which thinking trap do you catch most often now? How quickly do you notice it?",
    ),
    PromptSpec(
        "m1-energy", "1m", "body", "How have your energy, sleep and appetite been this month?"
    ),
    PromptSpec(
        "m1-commit",
        "1m",
        "behaviour",
        "Choose one commitment for the coming month. What will make it easier to keep?",
    ),
    PromptSpec(
        "m1-closeness",
        "1m",
        "relationships",
        "How do the people around you seem to see you lately? What do you see in them?",
    ),
    # 3 months
    PromptSpec(
        "m3-then-now",
        "3m",
        "beliefs",
        "Read an early entry. What would you say now to the person who wrote it?",
    ),
    PromptSpec(
        "m3-setback",
        "3m",
        "emotional_regulation",
        "Think of a recent setback. How did your response differ from a year ago?",
    ),
    PromptSpec(
        "m3-values",
        "3m",
        "meaning",
        "Which values are guiding your days now? Where do your choices match them?",
    ),
    PromptSpec(
        "m3-routine",
        "3m",
        "behaviour",
        "Which changes have become routine, and which need fresh attention?",
    ),
    PromptSpec(
        "m3-self-talk",
        "3m",
        "thought_patterns",
        "Listen to how you talk to yourself today. What tone do you hear?",
    ),
    # 6 months
    PromptSpec(
        "m6-journey",
        "6m",
        "meaning",
        "Half a year on: how would you describe this stretch of your life to a friend?",
    ),
    PromptSpec(
        "m6-keep",
        "6m",
        "behaviour",
        "What do you want to keep doing for the next six months, and who can help?",
    ),
    PromptSpec(
        "m6-bonds",
        "6m",
        "relationships",
        "Which relationships have grown, and which have you let go of?",
    ),
    PromptSpec(
        "m6-body", "6m", "body", "How do you treat your body now compared with before treatment?"
    ),
    PromptSpec(
        "m6-warning",
        "6m",
        "emotional_regulation",
        "What early signs would tell you that things are slipping? What would you do then?",
    ),
    PromptSpec(
        "m6-identity",
        "6m",
        "beliefs",
        "Which sentence beginning 'I am…' feels truer now than it did before?",
    ),
)
