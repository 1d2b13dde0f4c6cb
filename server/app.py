"""Server layer: the FastAPI application factory — the one place that wires features together
(routers, and the hooks features lend each other)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from server.access import rights as access_rights
from server.access.router import router as access_router
from server.accounts import rights as accounts_rights
from server.accounts.router import router as accounts_router
from server.applications import rights as applications_rights
from server.applications import service as applications
from server.applications.officer_router import router as officer_applications_router
from server.applications.router import router as applications_router
from server.catalog.router import router as catalog_router
from server.config import Settings
from server.db import make_engine, make_sessionmaker
from server.deps import refuse_control_characters
from server.documents import rights as documents_rights
from server.documents.router import router as documents_router
from server.errors import install_error_handlers
from server.health.router import router as health_router
from server.hooks import Hooks
from server.identity import rights as identity_rights
from server.identity.router import router as identity_router
from server.identity.router import wellknown as jwks_router
from server.openapi import openapi_document
from server.profile import rights as profile_rights
from server.profile.officer_router import router as officer_citizens_router
from server.profile.router import router as profile_router
from server.rights import service as data_rights
from server.rights.router import router as rights_router
from server.visits import rights as visits_rights
from server.visits import service as visits
from server.visits.field_router import router as field_visits_router
from server.visits.officer_router import router as officer_visits_router
from server.visits.router import router as visits_router

API_PREFIX = "/api/v1"


def wiring() -> Hooks:
    """What each feature lends the others, listed here and nowhere else (no feature
    registers itself at import; a feature missing here is simply not exported or erased)."""
    return Hooks(
        exporters={
            "account": accounts_rights.export_account,
            "sessions": accounts_rights.export_sessions,
            "profile": profile_rights.export_profile,
            "family": profile_rights.export_family,
            "access_grants": profile_rights.export_grants,
            "access_log": access_rights.export_access_log,
            "documents": documents_rights.export_documents,
            "applications": applications_rights.export_applications,
            "visits": visits_rights.export_visits,
        },
        # in this order: visits and applications name wallet documents
        erasers={
            "visits": visits_rights.erase_visits,
            "applications": applications_rights.erase_applications,
            "documents": documents_rights.erase_documents,
            "profile": profile_rights.erase_profile,
            "identity": identity_rights.erase_identity,
        },
        disabled_reasons=(data_rights.pending_reason,),
        document_in_use=(applications.holds_document, visits.holds_document),
    )


def create_app(settings: Settings | None = None, *, engine: AsyncEngine | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = engine or make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app = FastAPI(
        title="SatuPintu API",
        version="1.0.0",
        description="MPP Digital: citizen accounts, services, applications and visits.",
        lifespan=lifespan,
        dependencies=[Depends(refuse_control_characters)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.hooks = wiring()
    app.state.sessionmaker = make_sessionmaker(engine)
    install_error_handlers(app)
    app.include_router(health_router)
    app.include_router(accounts_router, prefix=API_PREFIX)
    app.include_router(access_router, prefix=API_PREFIX)
    app.include_router(profile_router, prefix=API_PREFIX)
    app.include_router(officer_citizens_router, prefix=API_PREFIX)
    app.include_router(identity_router, prefix=API_PREFIX)
    app.include_router(jwks_router)
    app.include_router(rights_router, prefix=API_PREFIX)
    app.include_router(documents_router, prefix=API_PREFIX)
    app.include_router(applications_router, prefix=API_PREFIX)
    app.include_router(officer_applications_router, prefix=API_PREFIX)
    app.include_router(catalog_router, prefix=API_PREFIX)
    app.include_router(visits_router, prefix=API_PREFIX)
    app.include_router(officer_visits_router, prefix=API_PREFIX)
    app.include_router(field_visits_router, prefix=API_PREFIX)
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    return app
