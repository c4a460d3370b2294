"""Repositories: one per aggregate, each bound to the connection of one
unit of work, speaking SQLAlchemy Core and returning domain dataclasses."""

from __future__ import annotations

from causerie.storage.repos.audit import SqlAuditRepo
from causerie.storage.repos.blocks import SqlBlockRepo
from causerie.storage.repos.cases import SqlCaseRepo
from causerie.storage.repos.conversations import SqlConversationRepo
from causerie.storage.repos.held import SqlHeldMessageRepo
from causerie.storage.repos.messages import SqlMessageRepo
from causerie.storage.repos.notices import SqlNoticeRepo
from causerie.storage.repos.premium import SqlPremiumRepo
from causerie.storage.repos.privacy import SqlPrivacyRepo
from causerie.storage.repos.rooms import SqlRoomRepo
from causerie.storage.repos.sessions import SqlSessionRepo
from causerie.storage.repos.signals import SqlAttestationNonceRepo, SqlDeviceSignalRepo
from causerie.storage.repos.transparency import SqlTransparencyRepo
from causerie.storage.repos.users import SqlUserRepo

__all__ = [
    "SqlAttestationNonceRepo",
    "SqlAuditRepo",
    "SqlBlockRepo",
    "SqlCaseRepo",
    "SqlConversationRepo",
    "SqlDeviceSignalRepo",
    "SqlHeldMessageRepo",
    "SqlMessageRepo",
    "SqlNoticeRepo",
    "SqlPremiumRepo",
    "SqlPrivacyRepo",
    "SqlRoomRepo",
    "SqlSessionRepo",
    "SqlTransparencyRepo",
    "SqlUserRepo",
]
