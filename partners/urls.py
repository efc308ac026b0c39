from django.urls import path

from . import import_views, views

urlpatterns = [
    path("", views.dashboard, name="org_home"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:partner_pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:partner_pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:partner_pk>/archive/", views.partner_archive, name="partner_archive"),
    path("partners/<int:partner_pk>/restore/", views.partner_restore, name="partner_restore"),
    path("partners/<int:partner_pk>/history/", views.partner_history, name="partner_history"),
    path("partners/<int:partner_pk>/stage/", views.partner_move_stage, name="partner_move_stage"),
    path("partners/<int:partner_pk>/protocol/<int:step_pk>/", views.protocol_tick, name="protocol_tick"),
    path("partners/<int:partner_pk>/interactions/new/", views.interaction_create, name="interaction_create"),
    path("partners/<int:partner_pk>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("partners/<int:partner_pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_pk>/delete/", views.contact_delete, name="contact_delete"),
    path("interactions/<int:interaction_pk>/edit/", views.interaction_edit, name="interaction_edit"),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:follow_up_pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("networks/", views.network_list, name="network_list"),
    path("networks/new/", views.network_create, name="network_create"),
    path("networks/<int:network_pk>/edit/", views.network_edit, name="network_edit"),
    path("stages/", views.stage_list, name="stage_list"),
    path("stages/new/", views.stage_create, name="stage_create"),
    path("stages/<int:stage_pk>/edit/", views.stage_edit, name="stage_edit"),
    # Import wizard and exports (partners/import_views.py)
    path("partners/import/", import_views.import_start, name="partner_import"),
    path("partners/import/settings/", import_views.import_settings, name="partner_import_settings"),
    path("partners/import/<int:import_pk>/", import_views.import_result, name="partner_import_result"),
    path("partners/import/<int:import_pk>/map/", import_views.import_map, name="partner_import_map"),
    path("partners/import/<int:import_pk>/options/", import_views.import_options, name="partner_import_options"),
    path("partners/import/<int:import_pk>/preview/", import_views.import_preview, name="partner_import_preview"),
    path("partners/import/<int:import_pk>/rejected.csv", import_views.import_rejected, name="partner_import_rejected"),
    path("partners/import/<int:import_pk>/undo/", import_views.import_undo, name="partner_import_undo"),
    path("partners/export.csv", import_views.export_partners, {"file_format": "csv"}, name="partner_export_csv"),
    path("partners/export.xlsx", import_views.export_partners, {"file_format": "xlsx"}, name="partner_export_xlsx"),
    path("contacts/export.csv", import_views.export_contacts, {"file_format": "csv"}, name="contact_export_csv"),
    path("contacts/export.xlsx", import_views.export_contacts, {"file_format": "xlsx"}, name="contact_export_xlsx"),
    path(
        "interactions/export.csv",
        import_views.export_interactions,
        {"file_format": "csv"},
        name="interaction_export_csv",
    ),
    path(
        "interactions/export.xlsx",
        import_views.export_interactions,
        {"file_format": "xlsx"},
        name="interaction_export_xlsx",
    ),
    path("follow-ups/export.csv", import_views.export_follow_ups, {"file_format": "csv"}, name="follow_up_export_csv"),
    path(
        "follow-ups/export.xlsx", import_views.export_follow_ups, {"file_format": "xlsx"}, name="follow_up_export_xlsx"
    ),
]
