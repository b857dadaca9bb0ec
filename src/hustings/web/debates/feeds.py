"""An Atom feed of the newest visible comments of each public debate (404 for the others)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from hustings.services.debates import threads
from hustings.services.debates.threads import Comment, Debate
from hustings.web.debates.render import author_name


class DebateFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, pk: int) -> Debate:
        debate = threads.public_debate(pk)
        if debate is None:
            raise Http404("no public debate with this number")
        return debate

    def title(self, obj: Debate) -> str:
        return f"{obj.title}: comments"

    def link(self, obj: Debate) -> str:
        return reverse("debates:debate", args=[obj.pk])

    def subtitle(self, obj: Debate) -> str:
        return f"The newest comments in the debate “{obj.title}”."

    def items(self, obj: Debate) -> list[Comment]:
        return threads.newest_shown(obj)

    def item_title(self, item: Comment) -> str:
        return f"{author_name(item)} on {item.created_at:%Y-%m-%d %H:%M}"

    def item_description(self, item: Comment) -> str:
        return item.html

    def item_link(self, item: Comment) -> str:
        return f"{reverse('debates:debate', args=[item.debate_id])}#c{item.pk}"

    def item_pubdate(self, item: Comment) -> dt.datetime:
        return item.created_at

    def item_author_name(self, item: Comment) -> str:
        return author_name(item)
