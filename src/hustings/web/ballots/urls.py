"""The URLs of the pages of ballots."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from hustings.web.ballots import count_views, e2e_views, mailing_views, views

app_name = "ballots"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ballot_list, name="list"),
    path("new/", views.open_view, name="open"),
    path("<int:pk>/", views.ballot_detail, name="detail"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/board.json", views.board_json, name="board_json"),
    path("<int:pk>/scrutineers/", views.scrutineers, name="scrutineers"),
    path("<int:pk>/export.blt", views.export, name="export"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/credentials/", views.credentials, name="credentials"),
    path("<int:pk>/reminders/", mailing_views.reminders, name="reminders"),
    path("<int:pk>/not-reached/", mailing_views.not_reached, name="not_reached"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/count/", count_views.count, name="count"),
    path("<int:pk>/counting/", count_views.counting, name="counting"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/paper/", views.paper, name="paper"),
    path("<int:pk>/proxy/", views.proxy, name="proxy"),
    path("<int:pk>/cards/", views.cards, name="cards"),
]
urlpatterns += [
    path("<int:pk>/trustee/", e2e_views.trustee_page, name="trustee"),
    path("<int:pk>/trustee/<str:name>", e2e_views.trustee_file, name="trustee_file"),
]
