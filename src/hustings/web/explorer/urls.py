"""The URLs of the explorer (`/elections/...`) and of the count page (`/count/`), both at the site's root."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from hustings.web.explorer import views

app_name = "explorer"
urlpatterns: list[URLPattern | URLResolver] = [
    path("elections/", views.elections, name="elections"),
    path("elections/<slug:election>/", views.election, name="election"),
    path("elections/<slug:election>/embed/", views.embed, name="embed"),
    path("elections/<slug:election>/hemicycle.svg", views.hemicycle_svg, name="hemicycle_svg"),
    path("elections/<slug:election>/hemicycle.png", views.hemicycle_png, name="hemicycle_png"),
    path("count/", views.count, name="count"),
    path("count/jobs/<slug:count_key>/", views.count_job, name="count_job"),
    path("count/saved/<slug:saved_key>/", views.saved, name="saved"),
    path("count/saved/<slug:saved_key>/delete/", views.saved_delete, name="saved_delete"),
]
