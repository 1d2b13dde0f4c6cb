"""Views layer: the one ft.Router tree (manage_views=True); auth guards are layout routes."""

import flet as ft

from app.components.context import AppDeps, DepsContext, SessionContext
from app.components.guards import CitizenOnly, GuestOnly, OfficerOnly
from app.views.applications.detail import ApplicationDetailScreen
from app.views.applications.listing import ApplicationsScreen
from app.views.apply.form import ApplyScreen
from app.views.auth.login import LoginScreen
from app.views.auth.register import RegisterScreen
from app.views.auth.welcome import WelcomeScreen
from app.views.catalog.browse import ServicesScreen
from app.views.catalog.service_detail import ServiceDetailScreen
from app.views.documents.wallet import DocumentsScreen
from app.views.field.today import FieldTodayScreen
from app.views.field.visit import FieldVisitScreen
from app.views.home.change_password import ChangePasswordScreen
from app.views.home.citizen import CitizenHome
from app.views.home.notifications import NotificationsScreen
from app.views.home.officer import OfficerHome
from app.views.home.settings import SettingsScreen
from app.views.identity.check_officer import CheckOfficerScreen
from app.views.identity.my_qr import MyQrScreen
from app.views.identity.officer_credential import OfficerCredentialScreen
from app.views.identity.officer_scan import OfficerScanScreen
from app.views.not_found import NotFoundScreen
from app.views.officer.detail import OfficerDetailScreen
from app.views.officer.queue import OfficerQueueScreen
from app.views.profile.access_log import AccessLogScreen
from app.views.profile.family import FamilyScreen
from app.views.profile.my_data import MyDataScreen
from app.views.profile.profile import ProfileScreen
from app.views.visit_board.board import VisitBoardScreen
from app.views.visit_board.plan import VisitPlanScreen
from app.views.visits.check_officer import VisitCheckOfficerScreen
from app.views.visits.detail import VisitDetailScreen
from app.views.visits.listing import VisitsScreen
from app.views.visits.request import VisitRequestScreen

# Paths (see docs/ui-ids.md): / , /register, /login, /home, /home/settings,
# /home/settings/password, /home/visits, /home/visits/new, /home/visits/:id,
# /home/visits/:id/check-officer, /officer, /officer/settings, /officer/settings/password,
# /officer/visits (the coordinator's jemput bola board), /officer/visits/plan/{team}/{date}.
# /officer/today, /officer/today/{visit_id} (jemput bola: the field officer's day).
# Nesting gives a real view stack, so system back works.
ROUTES = [
    ft.Route(
        component=GuestOnly,
        outlet=True,
        children=[
            ft.Route(
                path="/",
                component=WelcomeScreen,
                children=[
                    ft.Route(path="register", component=RegisterScreen),
                    ft.Route(path="login", component=LoginScreen),
                ],
            )
        ],
    ),
    ft.Route(
        component=CitizenOnly,
        outlet=True,
        children=[
            ft.Route(
                path="home",
                component=CitizenHome,
                children=[
                    ft.Route(
                        path="settings",
                        component=SettingsScreen,
                        children=[ft.Route(path="password", component=ChangePasswordScreen)],
                    ),
                    ft.Route(
                        path="profile",
                        component=ProfileScreen,
                        children=[ft.Route(path="data", component=MyDataScreen)],
                    ),
                    ft.Route(path="family", component=FamilyScreen),
                    ft.Route(path="access-log", component=AccessLogScreen),
                    ft.Route(path="qr", component=MyQrScreen),
                    ft.Route(path="check-officer", component=CheckOfficerScreen),
                    ft.Route(path="documents", component=DocumentsScreen),
                    ft.Route(
                        path="services",
                        component=ServicesScreen,
                        children=[
                            ft.Route(
                                path=":code",
                                component=ServiceDetailScreen,
                                children=[ft.Route(path="apply", component=ApplyScreen)],
                            )
                        ],
                    ),
                    ft.Route(
                        path="applications",
                        component=ApplicationsScreen,
                        children=[ft.Route(path=":id", component=ApplicationDetailScreen)],
                    ),
                    ft.Route(path="notifications", component=NotificationsScreen),
                    ft.Route(
                        path="visits",
                        component=VisitsScreen,
                        children=[
                            ft.Route(path="new", component=VisitRequestScreen),
                            ft.Route(
                                path=":id",
                                component=VisitDetailScreen,
                                children=[
                                    ft.Route(
                                        path="check-officer", component=VisitCheckOfficerScreen
                                    )
                                ],
                            ),
                        ],
                    ),
                ],
            )
        ],
    ),
    ft.Route(
        component=OfficerOnly,
        outlet=True,
        children=[
            ft.Route(
                path="officer",
                component=OfficerHome,
                children=[
                    ft.Route(
                        path="settings",
                        component=SettingsScreen,
                        children=[ft.Route(path="password", component=ChangePasswordScreen)],
                    ),
                    ft.Route(path="scan", component=OfficerScanScreen),
                    ft.Route(path="credential", component=OfficerCredentialScreen),
                    ft.Route(
                        path="today",
                        component=FieldTodayScreen,
                        children=[ft.Route(path=":visit_id", component=FieldVisitScreen)],
                    ),
                    ft.Route(
                        path="applications",
                        component=OfficerQueueScreen,
                        children=[ft.Route(path=":id", component=OfficerDetailScreen)],
                    ),
                    ft.Route(
                        path="visits",
                        component=VisitBoardScreen,
                        children=[
                            ft.Route(path="plan/:team/:date", component=VisitPlanScreen),
                        ],
                    ),
                ],
            )
        ],
    ),
]


@ft.component
def App(deps: AppDeps) -> ft.Control:
    """Root component: provides deps and session, restores the session once on mount."""

    async def restore() -> None:
        await deps.auth.restore()

    ft.use_effect(restore, [])
    return DepsContext(
        deps,
        lambda: SessionContext(
            deps.session,
            lambda: ft.Router(ROUTES, not_found=NotFoundScreen, manage_views=True),
        ),
    )
