"""The URLs of the pages of the members' register."""

from __future__ import annotations

from django.urls import path

from hustings.web.members import views

app_name = "members"
urlpatterns = [
    path("", views.search, name="search"),
    path("<str:ref>/", views.person, name="person"),
    path("<str:ref>/contact/", views.contact, name="contact"),
    path("<str:ref>/memberships/<int:membership>/status/", views.status, name="status"),
    path("<str:ref>/memberships/<int:membership>/payment/", views.payment, name="payment"),
    path("<str:ref>/memberships/<int:membership>/move/", views.move, name="move"),
]
