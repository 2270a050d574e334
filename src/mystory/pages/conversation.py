"""Module 3's writing: a post with the coach as you type, and your timeline and its chart."""

from __future__ import annotations

import base64
from typing import Any

import ipywidgets as w

from .. import coach
from ..core.language import _
from ..core.markup import esc
from .widgets import TEXT_PAUSE, Debouncer, Exercise, coach_note, widget

MAX_POSTS = 20
MAX_ASIDE = 5  # versions of a learner's own timeline kept while the sample is shown
GUIDE = 0.9  # 9 parts about others, 1 part about you


def post_html(text: str) -> str:
    """A post shown as a post: the text only, always escaped."""
    return f'<blockquote class="mystory-post-card">{esc(text)}</blockquote>'


def post_coach_html(review: coach.PostReview) -> str:
    """The post coach's panel: conversation or broadcast, then the next thing to fix."""
    if review.problems and review.problems[0].rule == "empty":
        soon = _("The coach will look at your post as you type.")
        return ('<div class="mystory-coach-panel" role="status" aria-live="polite">'
                f"<p>{esc(soon)}</p></div>")
    if review.kind == "conversation":
        talks = _("This reads as a conversation: it talks with people.")
        kind = f'<p class="mystory-coach-head mystory-saved">↔ {esc(talks)}</p>'
    else:
        talks = _("This reads as a broadcast: it talks at people.")
        kind = f'<p class="mystory-coach-head">→ {esc(talks)}</p>'
    parts = ['<div class="mystory-coach-panel" role="status" aria-live="polite">', kind]
    if review.problems:
        first = review.problems[0]
        fix = _("Next thing to fix")
        parts.append(f'<p class="mystory-coach-head">⚠ {esc(fix)}</p>'
                     f'<p class="mystory-coach-fix" data-rule="{first.rule}">'
                     f"{esc(first.message)}</p>")
    tips = [f for f in review.findings if f.severity == "tip"]
    if tips:
        parts.append(f'<p class="mystory-coach-tip" data-rule="{tips[0].rule}">'
                     f"{esc(tips[0].message)}</p>")
    parts.append("</div>")
    return "".join(parts)


@widget("post")
class PostExercise(Exercise):
    """Write a post or a reply; the post coach looks at it as you type."""

    def _build(self, saved: Any) -> w.Widget:
        self._coached_text(saved if isinstance(saved, str) else "")
        self.update_coach()
        box = w.VBox([self.text, *coach_note(), self.coach_view])
        box.add_class("mystory-post-inputs")
        return box

    def value(self) -> str:
        return self.text.value

    def update_coach(self) -> None:
        self.coach_view.value = post_coach_html(
            coach.review_post(self.text.value, self.spec.reply_to))


def split_posts(text: str) -> tuple[list[str], int]:
    """The posts in a pasted timeline (one a line, at most 20) and how many were left out."""
    posts = [line.strip() for line in text.splitlines() if line.strip()]
    return posts[:MAX_POSTS], max(0, len(posts) - MAX_POSTS)


def chart_svg(conversation: int, total: int) -> str:
    """A bar: the learner's share of conversation against the 9-in-10 guide."""
    share = conversation / total if total else 0.0
    width = 300
    talk = round(width * share)
    guide = round(width * GUIDE)
    guide_words = esc(_("Guide: 9 in 10"))
    yours, shown = esc(_("Your posts")), esc(_("Conversation: {conversation} of {total}",
                                                 conversation=conversation, total=total))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 96" width="320" height="96">'
        '<style>text{font:13px sans-serif;fill:#1d1d1b}</style>'
        f'<text x="10" y="16">{yours}</text>'
        f'<rect x="10" y="24" width="{width}" height="28" fill="#e8e1d5" stroke="#555"/>'
        f'<rect x="10" y="24" width="{talk}" height="28" fill="#0b5394"/>'
        f'<line x1="{10 + guide}" y1="18" x2="{10 + guide}" y2="60" stroke="#a12a00" '
        'stroke-width="3" stroke-dasharray="4 2"/>'
        f'<text x="10" y="76">{shown}</text>'
        f'<text x="{10 + guide}" y="92" text-anchor="end">{guide_words}</text></svg>')


def timeline_html(summary: coach.TimelineSummary, dropped: int) -> str:
    """Each post tagged, the chart with its text alternative beside it, and the advice."""
    if not summary.total:
        return ""
    data = base64.b64encode(chart_svg(summary.conversation, summary.total).encode()).decode()
    alt = _("Bar chart: {conversation} of your {total} posts are conversation, against a guide "
            "of 9 in 10.", conversation=summary.conversation, total=summary.total)
    tags = {"conversation": "↔ " + _("Conversation"), "broadcast": "→ " + _("Broadcast")}
    rows = "".join(
        f'<li><span class="mystory-tag mystory-tag-{r.kind}">'
        f'{esc(tags["conversation" if r.kind == "conversation" else "broadcast"])}</span> '
        f"{esc(text)}</li>"
        for text, r in zip(summary.posts, summary.reviews, strict=True))
    only = _("Only the first {most} posts are looked at ({dropped} left out).", most=MAX_POSTS,
             dropped=dropped)
    note = f'<p class="mystory-problem">{esc(only)}</p>' if dropped else ""
    helps, tagged = _("The one change that would help most:"), _("Each post, tagged")
    return (
        f'<figure class="mystory-chart"><img src="data:image/svg+xml;base64,{data}" '
        f'alt="{esc(alt)}" width="320" height="96">'
        f'<figcaption class="mystory-summary">{esc(summary.summary)}</figcaption></figure>'
        f'<p class="mystory-advice"><strong>{esc(helps)}</strong> '
        f"{esc(summary.advice)}</p>{note}"
        f'<details><summary>{esc(tagged)}</summary><ul class="mystory-tags">{rows}</ul>'
        "</details>")


@widget("timeline")
class TimelineExercise(Exercise):
    """Paste your own recent posts (or use the sample) and see your share of conversation.

    The learner's own posts are never lost: the sample fills an empty box at once, but over
    their own posts it asks first, keeps them in the answer file and offers them back.
    """

    def _build(self, saved: Any) -> w.Widget:
        posts = saved if isinstance(saved, list) else []
        self.text = w.Textarea(value="\n".join(str(p) for p in posts),
                               description=self.spec.label, placeholder=self.spec.placeholder,
                               rows=8, continuous_update=True,
                               style={"description_width": "initial"},
                               layout=w.Layout(width="100%"))
        self.text.add_class("mystory-field")
        self.sample = _wide_button(_("Use the sample timeline"))
        self.sample.on_click(lambda _b: self.ask_for_sample())
        self.question = w.HTML()
        self.confirm = _wide_button(_("Yes, use the sample"), button_style="primary")
        self.confirm.on_click(lambda _b: self.use_sample())
        self.keep = _wide_button(_("No, keep my posts"))
        self.keep.on_click(lambda _b: self.show_choices())
        self.bring_back = _wide_button(_("Bring back my own posts"))
        self.bring_back.on_click(lambda _b: self.restore_own())
        self.choices = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.choices.add_class("mystory-timeline-choices")
        self.result = w.HTML()
        self.result.add_class("mystory-timeline-result")
        self._later = Debouncer(self.update, TEXT_PAUSE)
        self.text.observe(lambda _c: self._typing(self._later), names="value")
        self.show_result()
        self.show_choices()
        box = w.VBox([self.text, self.question, self.choices, self.result])
        box.add_class("mystory-timeline-inputs")
        return box

    @property
    def aside_key(self) -> str:
        """Where the learner's own posts wait, newest last, while something else is in the box."""
        return f"{self.spec.id}.own-posts"

    def _aside(self) -> list[list[str]]:
        saved = self.store.get(self.aside_key)
        return [v for v in saved if isinstance(v, list)] if isinstance(saved, list) else []

    def _own_words(self) -> bool:
        """True when the box holds posts the learner wrote (not blank, not the sample)."""
        posts = split_posts(self.text.value)[0]
        return bool(posts) and posts != list(self.spec.sample)

    def show_choices(self) -> None:
        """The buttons that make sense now: the sample, and the way back to the own posts."""
        self.question.value = ""
        shown = [] if split_posts(self.text.value)[0] == list(self.spec.sample) else [self.sample]
        if self._aside() and not self._own_words():
            shown.append(self.bring_back)
        self.choices.children = shown

    def ask_for_sample(self) -> None:
        """Fill an empty box with the sample; over the learner's own posts, ask first."""
        if not self._own_words():
            self.use_sample()
            return
        ask = _("The box holds your own posts. Use the sample instead? We keep your posts, and "
                "you can bring them back.")
        self.question.value = (
            f'<p class="mystory-ask" role="status" aria-live="polite">{esc(ask)}</p>')
        self.choices.children = [self.confirm, self.keep]

    def _replace_text(self, text: str, aside: list[list[str]]) -> None:
        """Put `text` in the box; the learner's own posts in it go on top of `aside` first."""
        if self._own_words():
            aside = [*aside, split_posts(self.text.value)[0]][-MAX_ASIDE:]
        if aside != self._aside():
            self.store.save(self.aside_key, aside, label=_("Your own posts"))
        self.text.value = text
        self._later.flush()  # save and show the result now, not after a pause
        self.show_choices()

    def use_sample(self) -> None:
        self._replace_text("\n".join(self.spec.sample), self._aside())

    def restore_own(self) -> None:
        """Bring back the posts put aside last."""
        *older, newest = self._aside() or [[]]
        if newest:
            self._replace_text("\n".join(str(p) for p in newest), older)

    def update(self) -> None:
        self.show_result()
        self.save()
        if not self.question.value:  # not while asking: the learner is choosing
            self.show_choices()

    def show_result(self) -> None:
        posts, dropped = split_posts(self.text.value)
        self.result.value = timeline_html(coach.review_timeline(posts), dropped)

    def value(self) -> list[str]:
        return split_posts(self.text.value)[0]


def _wide_button(text: str, button_style: str = "") -> w.Button:
    """A button big enough for a thumb, as wide as its words."""
    return w.Button(description=text, button_style=button_style,
                    layout=w.Layout(width="auto", min_height="44px"))
