"""Views layer: the one ft.Router tree (manage_views=True); auth guards are layout routes."""

import flet as ft

from app.views.access_log import AccessLogScreen
from app.views.application_detail import ApplicationDetailScreen
from app.views.applications import ApplicationsScreen
from app.views.apply import ApplyScreen
from app.views.change_password import ChangePasswordScreen
from app.views.check_officer import CheckOfficerScreen
from app.views.citizen_home import CitizenHome
from app.views.context import AppDeps, DepsContext, SessionContext
from app.views.documents import DocumentsScreen
from app.views.family import FamilyScreen
from app.views.guards import CitizenOnly, GuestOnly, OfficerOnly
from app.views.login import LoginScreen
from app.views.my_data import MyDataScreen
from app.views.my_qr import MyQrScreen
from app.views.not_found import NotFoundScreen
from app.views.notifications import NotificationsScreen
from app.views.officer_credential import OfficerCredentialScreen
from app.views.officer_home import OfficerHome
from app.views.officer_scan import OfficerScanScreen
from app.views.profile import ProfileScreen
from app.views.register import RegisterScreen
from app.views.review_detail import ReviewDetailScreen
from app.views.review_queue import ReviewQueueScreen
from app.views.service_detail import ServiceDetailScreen
from app.views.services import ServicesScreen
from app.views.settings import SettingsScreen
from app.views.welcome import WelcomeScreen

# Paths (see docs/ui-ids.md): / , /register, /login, /home, /home/settings,
# /home/settings/password, /officer, /officer/settings, /officer/settings/password.
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
                        path="applications",
                        component=ReviewQueueScreen,
                        children=[ft.Route(path=":id", component=ReviewDetailScreen)],
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
