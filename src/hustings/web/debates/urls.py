"""The URLs of the pages of debates."""

from __future__ import annotations

from django.urls import path

from hustings.web.debates import views
from hustings.web.debates.feeds import DebateFeed

app_name = "debates"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("conduct/", views.conduct, name="conduct"),
    path("search/", views.search_page, name="search"),
    path("notifications/", views.preferences, name="preferences"),
    path("moderation/", views.queue, name="queue"),
    path("reports/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("<int:pk>/", views.debate, name="debate"),
    path("<int:pk>/feed/", DebateFeed(), name="feed"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/moderation.csv", views.log, name="log"),
    path("<int:pk>/questions/", views.questions_page, name="questions"),
    path("questions/<int:pk>/vote/", views.vote, name="vote"),
    path("questions/<int:pk>/answer/", views.answer, name="answer"),
    path("comments/<int:pk>/reply/", views.reply, name="reply"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/history/", views.history, name="history"),
    path("comments/<int:pk>/report/", views.report, name="report"),
    path("comments/<int:pk>/hide/", views.hide, name="hide"),
    path("comments/<int:pk>/unhide/", views.unhide, name="unhide"),
]
