from django.urls import path

from . import views

urlpatterns = [
    path("", views.signup_page, name="newsletter"),
    path("subscribe/", views.subscribe, name="newsletter_subscribe"),
    path("check-your-inbox/", views.check_inbox, name="newsletter_check_inbox"),
    path("form-token/", views.form_token, name="newsletter_form_token"),
    path("confirm/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
    path("preferences/<str:token>/", views.preferences, name="newsletter_preferences"),
]
